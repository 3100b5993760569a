package dev.betterconvex.sample;

import dev.betterconvex.orm.security.PolicyAttributesResolver;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Three in-memory users (the password is the user name, stored as a bcrypt hash): {@code ada}
 * and {@code bob} of the organization {@code acme}, {@code cy} of {@code globex}. A client signs
 * in once with HTTP Basic; the answer sets a session cookie ({@code JSESSIONID}, HttpOnly,
 * SameSite=Strict) that authenticates its next requests without checking the password again.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/error").permitAll()
            .anyRequest().authenticated())
        // Basic credentials are checked once; the signed-in user is kept in the session.
        .httpBasic(basic -> basic
            .securityContextRepository(new HttpSessionSecurityContextRepository()))
        // A JSON API: the session cookie is SameSite=Strict (application.yml), so other sites
        // cannot ride on it.
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session
            .sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .build();
  }

  @Bean
  UserDetailsService users() {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    return new InMemoryUserDetailsManager(
        Tenants.ORG_OF_USER.keySet().stream().sorted()
            .map(name -> User.withUsername(name).password(encoder.encode(name)).roles("USER")
                .build())
            .toList());
  }

  /** Gives the policies the organization of the signed-in user as {@code tenantId}. */
  @Bean
  PolicyAttributesResolver tenantResolver(Tenants tenants) {
    return authentication -> {
      String org = tenants.orgOf(authentication.getName());
      return org == null ? Map.of() : Map.of("tenantId", org);
    };
  }
}
