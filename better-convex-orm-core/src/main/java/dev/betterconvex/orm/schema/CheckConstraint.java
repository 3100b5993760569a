package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named condition every row of a table must meet, with SQL's three-valued logic: a row
 * violates it only when the condition is false. When one of the {@code fields} the condition
 * reads is null or missing, the condition is unknown and the row passes, as
 * {@code CHECK (price > 0)} passes a null price in SQL; the predicate then is not called. A
 * check with no {@code fields} always calls its predicate, which sees nulls itself (for
 * conditions such as "a or b is set"). Like any record, equality compares the predicate by
 * identity.
 *
 * @param name the constraint name, unique within its table
 * @param fields the top-level fields the condition reads; when one is null or missing the
 *     condition is unknown and passes
 * @param condition the condition, over the row's user fields
 */
public record CheckConstraint(String name, List<String> fields, Predicate<CheckRow> condition) {

  /** Creates a constraint holding an immutable copy of {@code fields}. */
  public CheckConstraint {
    Objects.requireNonNull(name, "name");
    fields = List.copyOf(fields);
    Objects.requireNonNull(condition, "condition");
  }

  /**
   * Returns whether {@code row} (the user fields of a document) violates this constraint: only
   * when every listed field holds a value other than null and the condition is false.
   */
  public boolean isViolatedBy(ConvexObject row) {
    for (String field : fields) {
      ConvexValue value = row.get(field);
      if (value == null || value == ConvexNull.INSTANCE) {
        return false;
      }
    }
    return !condition.test(new CheckRow(row));
  }
}
