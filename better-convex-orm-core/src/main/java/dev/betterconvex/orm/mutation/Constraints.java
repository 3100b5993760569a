package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.query.Filters.and;
import static dev.betterconvex.orm.query.Filters.eq;
import static dev.betterconvex.orm.query.Filters.isNull;

import dev.betterconvex.orm.query.Filter;
import dev.betterconvex.orm.schema.CheckConstraint;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.UniqueConstraint;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The row constraints of a write: check constraints (false fails, unknown passes), unique
 * constraints (one index range per constraint, read inside the serializable transaction, so two
 * concurrent writers of one key cannot both commit), and the parent of every foreign key.
 */
final class Constraints {

  /**
   * A unique constraint a row would break, with the row it would collide with.
   *
   * @param constraint the constraint
   * @param existing the stored row with the same values
   */
  record Conflict(UniqueConstraint constraint, Document existing) {
  }

  private final Statement statement;

  Constraints(Statement statement) {
    this.statement = statement;
  }

  /** Fails when {@code row} violates a check constraint of {@code table}. */
  void checkChecks(TableSchema table, ConvexObject row) {
    for (CheckConstraint check : table.checkConstraints()) {
      boolean violated;
      try {
        violated = check.isViolatedBy(row);
      }
      catch (RuntimeException ex) {
        throw new CheckConstraintViolationException(table.name(), check.name(), "Check "
            + "constraint \"" + check.name() + "\" of table \"" + table.name() + "\" failed: "
            + "its condition threw " + ex + " on " + row, ex);
      }
      if (violated) {
        throw new CheckConstraintViolationException(table.name(), check.name(), "Check "
            + "constraint \"" + check.name() + "\" of table \"" + table.name() + "\" is "
            + "violated by " + (check.fields().isEmpty() ? row.toString()
                : describe(check.fields(), values(row, check.fields()))), null);
      }
    }
  }

  /**
   * Returns the first unique constraint {@code row} would break, trying {@code first} before
   * the others, or null. Rows with a null or missing constrained field never conflict unless the
   * constraint is {@code nullsNotDistinct}, where null and missing count as one value.
   *
   * @param self the id of the row being updated (it never conflicts with itself), or null
   * @param changed the fields the write changes (constraints on other fields are skipped), or
   *     null for all
   */
  @Nullable Conflict findConflict(TableSchema table, ConvexObject row, @Nullable String self,
      @Nullable Set<String> changed, @Nullable UniqueConstraint first) {
    List<UniqueConstraint> order = new ArrayList<>(table.uniqueConstraints());
    if (first != null) {
      order.remove(first);
      order.add(0, first);
    }
    for (UniqueConstraint unique : order) {
      if (changed != null && unique.fields().stream().noneMatch(f -> changed.contains(top(f)))) {
        continue;
      }
      Conflict conflict = conflict(table, row, self, unique);
      if (conflict != null) {
        return conflict;
      }
    }
    return null;
  }

  /** Returns the row {@code row} collides with on {@code unique}, or null. */
  @Nullable Conflict conflict(TableSchema table, ConvexObject row, @Nullable String self,
      UniqueConstraint unique) {
    List<Filter> equalities = new ArrayList<>();
    for (String field : unique.fields()) {
      ConvexValue value = RowValues.valueAt(row, field);
      if (value == null || value == ConvexNull.INSTANCE) {
        if (!unique.nullsNotDistinct()) {
          return null;
        }
        equalities.add(isNull(field));
      }
      else {
        equalities.add(eq(field, value));
      }
    }
    for (Document existing : statement.orm().query(table.name()).where(and(
        equalities.toArray(Filter[]::new))).limit(2).findMany()) {
      if (!existing.id().equals(self)) {
        return new Conflict(unique, existing);
      }
    }
    return null;
  }

  UniqueConstraintViolationException violation(TableSchema table, Conflict conflict,
      ConvexObject row) {
    UniqueConstraint unique = conflict.constraint();
    return new UniqueConstraintViolationException(table.name(), unique.name(), "Unique "
        + "constraint \"" + unique.name() + "\" of table \"" + table.name() + "\" is violated: "
        + "a row with " + describe(unique.fields(), values(row, unique.fields()))
        + " already exists" + (unique.nullsNotDistinct() ? " (nulls not distinct)" : ""));
  }

  /**
   * Fails when a foreign key of {@code table} whose fields are all set references a parent row
   * that does not exist.
   *
   * @param changed the fields the write changes (keys on other fields are skipped), or null
   */
  void checkParents(TableSchema table, ConvexObject row, @Nullable Set<String> changed) {
    for (ForeignKey key : table.foreignKeys()) {
      if (changed != null && key.fields().stream().noneMatch(changed::contains)) {
        continue;
      }
      List<@Nullable ConvexValue> values = values(row, key.fields());
      if (values.stream().anyMatch(v -> v == null || v == ConvexNull.INSTANCE)) {
        continue;
      }
      if (!parentExists(key, values)) {
        throw new ForeignKeyViolationException(key.name(), table.name(), key.targetTable(),
            "Foreign key \"" + key.name() + "\" of table \"" + table.name() + "\" is violated: "
            + "no row of table \"" + key.targetTable() + "\" has "
            + describe(key.targetFields(), values) + " (referenced by "
            + describe(key.fields(), values) + ")");
      }
    }
  }

  private boolean parentExists(ForeignKey key, List<@Nullable ConvexValue> values) {
    if (key.targetFields().equals(List.of(FieldSchema.ID))) {
      if (!(values.get(0) instanceof ConvexString id)) {
        return false;
      }
      return statement.db.normalizeId(key.targetTable(), id.value())
          .flatMap(valid -> statement.db.get(key.targetTable(), valid))
          .isPresent();
    }
    List<Filter> equalities = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      equalities.add(eq(key.targetFields().get(i), values.get(i)));
    }
    return statement.orm().query(key.targetTable()).where(and(equalities.toArray(Filter[]::new)))
        .findFirst().isPresent();
  }

  static List<@Nullable ConvexValue> values(ConvexObject row, List<String> fields) {
    List<@Nullable ConvexValue> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      values.add(RowValues.valueAt(row, field));
    }
    return values;
  }

  /** {@code a = 1} for one field, {@code [a, b] = [1, 2]} for several; missing is "missing". */
  static String describe(List<String> fields, List<@Nullable ConvexValue> values) {
    List<String> shown = values.stream().map(v -> v == null ? "missing" : v.toString()).toList();
    if (fields.size() == 1) {
      return fields.get(0) + " = " + shown.get(0);
    }
    return fields + " = " + shown;
  }

  static String top(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }
}
