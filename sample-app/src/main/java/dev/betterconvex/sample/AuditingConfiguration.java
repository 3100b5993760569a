package dev.betterconvex.sample;

import dev.betterconvex.orm.auditing.EnableBetterConvexAuditing;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.AuditorAware;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Auditing of every entity written through the repositories and {@code ConvexMutations}: the
 * signed-in user becomes {@code @CreatedBy} (the owner of a new project, task or comment) and
 * {@code @LastModifiedBy}, the write's time {@code @LastModifiedDate}.
 */
@Configuration(proxyBeanMethods = false)
@EnableBetterConvexAuditing
class AuditingConfiguration {

  /** The name of the user Spring Security signed in for this request; none when anonymous. */
  @Bean
  AuditorAware<String> signedInUser() {
    return () -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
        .filter(user -> user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken))
        .map(Authentication::getName);
  }
}
