package dev.betterconvex.orm.autoconfigure.observation;

import dev.betterconvex.orm.autoconfigure.BetterConvexRepositoriesAutoConfiguration;
import dev.betterconvex.orm.repository.BetterConvexRepositoryFactoryBean;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer observations of repository calls, when Micrometer's
 * observation API is on the class path and the application has an {@link ObservationRegistry}
 * (Spring Boot's actuator or observation module defines one). Each call of a Better Convex
 * repository becomes an observation named {@code better-convex.repository} with the tags of
 * {@link DefaultRepositoryObservationConvention}, or of the application's
 * {@link RepositoryObservationConvention} bean. Disable it with
 * {@code better-convex.orm.observations.repositories.enabled=false}.
 */
@AutoConfiguration(after = BetterConvexRepositoriesAutoConfiguration.class, afterName =
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, BetterConvexRepositoryFactoryBean.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "better-convex.orm.observations.repositories.enabled",
    matchIfMissing = true)
public final class BetterConvexObservationAutoConfiguration {

  @Bean
  static ObservedRepositoriesPostProcessor betterConvexObservedRepositoriesPostProcessor(
      ObjectProvider<ObservationRegistry> registry,
      ObjectProvider<RepositoryObservationConvention> convention) {
    return new ObservedRepositoriesPostProcessor(registry, convention);
  }
}
