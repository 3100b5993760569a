package dev.betterconvex.orm.autoconfigure.security;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyAttributesResolver;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.PolicyContextProvider;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.security.SpringSecurityPolicyContextProvider;
import dev.betterconvex.orm.store.ConvexEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for row-level security: a {@link RowLevelSecurity} of every {@link Policy}
 * bean, and the {@link PolicyContextProvider} that says who is asking, from Spring Security's
 * current {@code Authentication} when Spring Security is on the class path (with the attributes
 * of a {@link PolicyAttributesResolver} bean, if any), else always anonymous. Each bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(after = BetterConvexAutoConfiguration.class)
@ConditionalOnClass(RowLevelSecurity.class)
@ConditionalOnBean(ConvexEngine.class)
public final class BetterConvexSecurityAutoConfiguration {

  private static final String SPRING_SECURITY =
      "org.springframework.security.core.context.SecurityContextHolder";

  @Bean
  @ConditionalOnMissingBean
  RowLevelSecurity rowLevelSecurity(ObjectProvider<Policy> policies) {
    RowLevelSecurity.Builder builder = RowLevelSecurity.builder();
    boolean any = false;
    for (Policy policy : policies.orderedStream().toList()) {
      builder.policy(policy);
      any = true;
    }
    return any ? builder.build() : RowLevelSecurity.disabled();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = SPRING_SECURITY)
  static class SpringSecurityPolicyContextConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PolicyContextProvider policyContextProvider(
        ObjectProvider<PolicyAttributesResolver> attributes) {
      PolicyAttributesResolver resolver = attributes.getIfAvailable();
      return resolver != null ? new SpringSecurityPolicyContextProvider(resolver)
          : new SpringSecurityPolicyContextProvider();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(SPRING_SECURITY)
  static class AnonymousPolicyContextConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PolicyContextProvider policyContextProvider() {
      return PolicyContext::anonymous;
    }
  }
}
