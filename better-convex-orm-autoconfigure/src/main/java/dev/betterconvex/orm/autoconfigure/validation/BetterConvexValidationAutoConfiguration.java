package dev.betterconvex.orm.autoconfigure.validation;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.validation.ValidatingEntityCallback;
import jakarta.validation.Validator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Bean Validation of entities: when Jakarta Validation is on the class path
 * and the application has a {@link Validator} bean (Spring Boot's validation starter gives one),
 * every entity a repository saves or {@code ConvexMutations.insert} writes is validated first
 * ({@link ValidatingEntityCallback}). Backs off when the application defines that callback.
 */
@AutoConfiguration(after = BetterConvexAutoConfiguration.class,
    afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnClass({Validator.class, ValidatingEntityCallback.class})
@ConditionalOnBean(ConvexEngine.class)
@ConditionalOnSingleCandidate(Validator.class)
public final class BetterConvexValidationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ValidatingEntityCallback betterConvexValidatingEntityCallback(Validator validator) {
    return new ValidatingEntityCallback(validator);
  }
}
