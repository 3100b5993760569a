package dev.betterconvex.orm.security;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking: a principal name (null when anonymous), roles, and application attributes such
 * as a tenant id. Policies see only this. The system context bypasses row-level security and is
 * only ever made explicitly ({@link RowLevelSecurity#runAsSystem}).
 *
 * <p>A value is <em>absent</em> when it is the principal of an anonymous context, or an
 * attribute the context does not have (attributes given with a null value are left out). A
 * policy condition that reads an absent value, through {@link #principal()},
 * {@link #attribute} or {@code attributes().get}, grants nothing (fail closed). Testing
 * {@link #isAnonymous()}, {@link #hasAttribute} or {@link #hasRole} reads no value.
 *
 * @param principal the principal's name, or null when anonymous
 * @param roles the roles (Spring Security authorities without the {@code ROLE_} prefix)
 * @param rolesKnown whether role information is available at all; a policy limited to roles
 *     fails before reading when it is not
 * @param attributes application attributes, for example {@code tenantId}; null values are left
 *     out
 * @param system whether this is the trusted system scope
 */
public record PolicyContext(@Nullable String principal, Set<String> roles, boolean rolesKnown,
    Map<String, Object> attributes, boolean system) {

  private static final PolicyContext ANONYMOUS = new PolicyContext(null, Set.of(), true, Map.of(),
      false);
  /** The trusted system scope; only {@link RowLevelSecurity#runAsSystem} hands it out. */
  static final PolicyContext SYSTEM = new PolicyContext("system", Set.of(), true, Map.of(), true);

  /** Copies the collections, leaving out attributes whose value is null. */
  public PolicyContext {
    roles = Set.copyOf(roles);
    attributes = PolicyAttributes.copyOf(attributes);
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

  /**
   * Returns the principal's name, or null when anonymous; a policy condition that reads the
   * null principal grants nothing.
   */
  @Override
  public @Nullable String principal() {
    if (principal == null) {
      AbsentReads.read("the principal");
    }
    return principal;
  }

  /** Returns this context with one more attribute; a null value leaves it absent. */
  public PolicyContext withAttribute(String name, @Nullable Object value) {
    Map<String, @Nullable Object> copy = new HashMap<>(attributes);
    copy.put(Objects.requireNonNull(name, "name"), value);
    return new PolicyContext(principal, roles, rolesKnown, PolicyAttributes.copyOf(copy), system);
  }

  /** Returns whether the principal is anonymous (reads no value). */
  public boolean isAnonymous() {
    return principal == null;
  }

  /** Returns whether the principal has {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Returns whether the attribute {@code name} is present (reads no value). */
  public boolean hasAttribute(String name) {
    return attributes.containsKey(name);
  }

  /**
   * Returns an attribute, or null when absent; a policy condition that reads an absent
   * attribute grants nothing.
   */
  public @Nullable Object attribute(String name) {
    return attributes.get(name);
  }
}
