package dev.betterconvex.sample;

import dev.betterconvex.orm.security.PolicyAttributesResolver;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic over three in-memory users (the password is the user name): {@code ada} and
 * {@code bob} of the organization {@code acme}, {@code cy} of {@code globex}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/error").permitAll()
            .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session
            .sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        Tenants.ORG_OF_USER.keySet().stream().sorted()
            .map(name -> User.withUsername(name).password("{noop}" + name).roles("USER").build())
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
