package dev.betterconvex.orm.security;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The policy context of the current Spring Security {@code Authentication}: its name, its
 * authorities as roles (a {@code ROLE_} prefix removed, so {@code ROLE_ADMIN} is role
 * {@code ADMIN}), and the attributes a {@link PolicyAttributesResolver} gives. No
 * authentication, an unauthenticated one, an anonymous token, or one whose name is blank is the
 * anonymous context (every policy reading the principal then grants nothing).
 */
public final class SpringSecurityPolicyContextProvider implements PolicyContextProvider {

  private static final String ROLE_PREFIX = "ROLE_";

  private final PolicyAttributesResolver attributes;

  /** Creates the provider with no attributes. */
  public SpringSecurityPolicyContextProvider() {
    this(authentication -> Map.of());
  }

  /** Creates the provider with attributes from {@code attributes}. */
  public SpringSecurityPolicyContextProvider(PolicyAttributesResolver attributes) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  @Override
  public PolicyContext current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken
        || authentication.getName() == null || authentication.getName().isBlank()) {
      // A token without a name (Spring's getName() is "" for a null principal) is no one: absent.
      return PolicyContext.anonymous();
    }
    Set<String> roles = new HashSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      String name = authority.getAuthority();
      if (name != null) {
        roles.add(name.startsWith(ROLE_PREFIX) ? name.substring(ROLE_PREFIX.length()) : name);
      }
    }
    return new PolicyContext(authentication.getName(), roles, true,
        attributes.attributes(authentication), false);
  }
}
