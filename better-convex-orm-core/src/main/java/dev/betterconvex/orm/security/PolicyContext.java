package dev.betterconvex.orm.security;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking: a principal name (null when anonymous), roles, and application attributes such
 * as a tenant id. Policies see only this. The system context bypasses row-level security and is
 * only ever made explicitly ({@link RowLevelSecurity#runAsSystem}).
 *
 * @param principal the principal's name, or null when anonymous
 * @param roles the roles (Spring Security authorities without the {@code ROLE_} prefix)
 * @param rolesKnown whether role information is available at all; a policy limited to roles
 *     fails before reading when it is not
 * @param attributes application attributes, for example {@code tenantId}
 * @param system whether this is the trusted system scope
 */
public record PolicyContext(@Nullable String principal, Set<String> roles, boolean rolesKnown,
    Map<String, Object> attributes, boolean system) {

  private static final PolicyContext ANONYMOUS = new PolicyContext(null, Set.of(), true, Map.of(),
      false);
  /** The trusted system scope; only {@link RowLevelSecurity#runAsSystem} hands it out. */
  static final PolicyContext SYSTEM = new PolicyContext("system", Set.of(), true, Map.of(), true);

  /** Copies the collections. */
  public PolicyContext {
    roles = Set.copyOf(roles);
    attributes = Map.copyOf(attributes);
  }

  /** Returns the anonymous context: no principal, no roles. */
  public static PolicyContext anonymous() {
    return ANONYMOUS;
  }

  /** Returns a context for {@code principal} with {@code roles} and no attributes. */
  public static PolicyContext of(String principal, Set<String> roles) {
    return new PolicyContext(Objects.requireNonNull(principal, "principal"), roles, true, Map.of(),
        false);
  }

  /** Returns this context with one more attribute. */
  public PolicyContext withAttribute(String name, Object value) {
    Map<String, Object> copy = new java.util.HashMap<>(attributes);
    copy.put(name, value);
    return new PolicyContext(principal, roles, rolesKnown, copy, system);
  }

  /** Returns whether the principal is anonymous. */
  public boolean isAnonymous() {
    return principal == null;
  }

  /** Returns whether the principal has {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Returns an attribute, or null when absent. */
  public @Nullable Object attribute(String name) {
    return attributes.get(name);
  }
}
