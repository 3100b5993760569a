package dev.betterconvex.orm.autoconfigure.health;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.store.ConvexEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link BetterConvexHealthIndicator}, shown as
 * {@code betterConvex} in the health endpoint, when Spring Boot's health support is on the
 * class path. Disable it with {@code management.health.better-convex.enabled=false}; it backs
 * off for a bean named {@code betterConvexHealthIndicator} or
 * {@code betterConvexHealthContributor}.
 */
@AutoConfiguration(after = BetterConvexAutoConfiguration.class)
@ConditionalOnClass({ConvexEngine.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ConvexEngine.class)
public final class BetterConvexHealthContributorAutoConfiguration {

  /** Nested, so that its condition is only read when Spring Boot's health support is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("better-convex")
  static class HealthIndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = {"betterConvexHealthIndicator",
        "betterConvexHealthContributor"})
    BetterConvexHealthIndicator betterConvexHealthIndicator(ConvexEngine engine) {
      return new BetterConvexHealthIndicator(engine);
    }
  }
}
