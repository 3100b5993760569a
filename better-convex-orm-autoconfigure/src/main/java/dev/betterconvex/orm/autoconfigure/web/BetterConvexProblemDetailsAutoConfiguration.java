package dev.betterconvex.orm.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of {@link BetterConvexProblemDetails}, the ORM's exceptions as RFC 9457
 * problem details, in a Spring MVC application that sets
 * {@code better-convex.orm.web.problem-details.enabled=true}, and of
 * {@link BetterConvexValidationProblemDetails} when Jakarta Validation is on the class path.
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

  /** The 400 of a Jakarta Validation failure, when {@code jakarta.validation} is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "jakarta.validation.ConstraintViolationException")
  static class ValidationProblemDetailsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BetterConvexValidationProblemDetails betterConvexValidationProblemDetails() {
      return new BetterConvexValidationProblemDetails();
    }
  }
}
