package dev.betterconvex.orm.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link BetterConvexProblemDetails}, the ORM's exceptions as RFC 9457
 * problem details, in a Spring MVC application that sets
 * {@code better-convex.orm.web.problem-details.enabled=true}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"org.springframework.web.servlet.DispatcherServlet",
    "dev.betterconvex.orm.store.ConvexEngine"})
@ConditionalOnBooleanProperty("better-convex.orm.web.problem-details.enabled")
public final class BetterConvexProblemDetailsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  BetterConvexProblemDetails betterConvexProblemDetails() {
    return new BetterConvexProblemDetails();
  }
}
