package dev.betterconvex.orm.schema;

import java.util.List;

/**
 * A unique constraint over one or more fields of a table. Rows whose constrained fields include a
 * null or missing value never conflict, unless {@code nullsNotDistinct} is set.
 *
 * @param name the constraint name, unique within its table
 * @param fields the constrained field paths, in declaration order
 * @param nullsNotDistinct whether null (and missing) values conflict with each other
 */
public record UniqueConstraint(String name, List<String> fields, boolean nullsNotDistinct) {

  /** Creates a constraint holding an immutable copy of {@code fields}. */
  public UniqueConstraint {
    fields = List.copyOf(fields);
  }
}
