package dev.betterconvex.orm.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A row-level security policy on one table, as in PostgreSQL and the TypeScript ORM: for some
 * operations, permissive (any one may allow) or restrictive (every one must allow), optionally
 * limited to roles, with a {@code using} condition for rows read, updated or deleted and a
 * {@code withCheck} condition for rows written (falling back to {@code using}).
 *
 * @param name the policy's name, used in errors and logs
 * @param table the table it governs
 * @param operations the operations it governs
 * @param restrictive whether it is restrictive
 * @param roles the roles it applies to; empty means every principal
 * @param using the condition on existing rows
 * @param withCheck the condition on new row values, or null to use {@code using}
 */
public record Policy(String name, String table, Set<Operation> operations, boolean restrictive,
    Set<String> roles, Condition using, @Nullable Condition withCheck) {

  /** Copies the sets. */
  public Policy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(using, "using");
    operations = Set.copyOf(operations);
    roles = Set.copyOf(roles);
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("Policy \"" + name + "\" on table \"" + table
          + "\" governs no operation");
    }
  }

  /** Starts a permissive policy named {@code name} on {@code table}. */
  public static Builder permissive(String name, String table) {
    return new Builder(name, table, false);
  }

  /** Starts a restrictive policy named {@code name} on {@code table}. */
  public static Builder restrictive(String name, String table) {
    return new Builder(name, table, true);
  }

  /** Returns the condition new row values must pass. */
  public Condition check() {
    return withCheck != null ? withCheck : using;
  }

  /** Builds a {@link Policy}. */
  public static final class Builder {

    private final String name;
    private final String table;
    private final boolean restrictive;
    private Set<Operation> operations = EnumSet.allOf(Operation.class);
    private Set<String> roles = Set.of();
    private Condition using = Condition.always();
    private @Nullable Condition withCheck;

    private Builder(String name, String table, boolean restrictive) {
      this.name = name;
      this.table = table;
      this.restrictive = restrictive;
    }

    /** Limits the policy to these operations (default: all). */
    public Builder on(Operation... operations) {
      this.operations = EnumSet.copyOf(List.of(operations));
      return this;
    }

    /** Limits the policy to principals with one of these roles. */
    public Builder toRoles(String... roles) {
      this.roles = Set.of(roles);
      return this;
    }

    /** Sets the condition on existing rows (default: every row). */
    public Builder using(Condition using) {
      this.using = using;
      return this;
    }

    /** Sets the condition on new row values (default: the {@code using} condition). */
    public Builder withCheck(Condition withCheck) {
      this.withCheck = withCheck;
      return this;
    }

    /** Builds the policy. */
    public Policy build() {
      return new Policy(name, table, operations, restrictive, roles, using, withCheck);
    }
  }
}
