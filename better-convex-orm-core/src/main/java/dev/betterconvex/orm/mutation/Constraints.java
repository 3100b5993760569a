package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.schema.CheckConstraint;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.UniqueConstraint;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * The row constraints of a write: check constraints (false fails, unknown passes), unique
 * constraints (one index range per constraint, read inside the serializable transaction, so two
 * concurrent writers of one key cannot both commit), and the parent of every foreign key. The
 * reads go through the statement's {@link StatementReads}, so the rows of one statement share
 * them ({@link #prefetch}).
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

  /**
   * A foreign key by id whose parent was not read: the insert of the row requires it
   * ({@link EngineInternals#insertIfParentsExist}).
   */
  private record DeferredParent(TableSchema table, ForeignKey key,
      List<@Nullable ConvexValue> values, String id) {
  }

  /** The parents a row's insert requires: their tables and ids, in the same order. */
  record Required(List<String> tables, List<@Nullable String> ids) {
  }

  private final Statement statement;
  /** The deferred parent checks, in the order they ran; null while checks read the parents. */
  private @Nullable List<DeferredParent> deferred;
  private @Nullable Required required;

  Constraints(Statement statement) {
    this.statement = statement;
  }

  /**
   * From now on, a parent by id that the statement has not read or written is not read: the
   * insert of the row requires it, in the statement that writes the row (one statement for
   * the parents and the rows). Only for inserts, whose rows trigger no other write.
   */
  void deferParents() {
    deferred = new ArrayList<>();
  }

  /** Whether a parent check was deferred to the insert of its row. */
  boolean hasDeferredParents() {
    return deferred != null && !deferred.isEmpty();
  }

  /** Returns (and forgets) the parents the last row checked requires, or null for none. */
  @Nullable Required takeRequired() {
    Required result = required;
    required = null;
    return result;
  }

  /**
   * Returns the exception the statement fails with when {@code failure} ended it: the
   * foreign-key violation of the first deferred check whose parent is missing (it ran before
   * the failure, so it would have failed first), else {@code failure}. Reads the deferred
   * parents; a concurrency failure is returned as it is (the mutation is re-run).
   */
  RuntimeException explain(RuntimeException failure) {
    List<DeferredParent> deferred = this.deferred;
    if (deferred == null || deferred.isEmpty() || failure instanceof ConcurrencyFailureException
        || !(statement.db instanceof EngineInternals internal)) {
      return failure;
    }
    try {
      Map<String, Set<String>> ids = new LinkedHashMap<>();
      for (DeferredParent parent : deferred) {
        ids.computeIfAbsent(parent.key().targetTable(), t -> new LinkedHashSet<>())
            .add(parent.id());
      }
      Map<String, Set<String>> found = new HashMap<>();
      ids.forEach((table, wanted) -> found.put(table, internal.getAll(table, wanted).keySet()));
      for (DeferredParent parent : deferred) {
        if (!found.getOrDefault(parent.key().targetTable(), Set.of()).contains(parent.id())) {
          return parentViolation(parent.table(), parent.key(), parent.values());
        }
      }
    }
    catch (RuntimeException unreadable) {
      failure.addSuppressed(unreadable);
    }
    return failure;
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
    StatementReads.Lookup lookup = uniqueLookup(table, row, unique);
    if (lookup == null) {
      return null;
    }
    for (Document existing : statement.reads.rows(lookup, 2, false)) {
      if (!existing.id().equals(self)) {
        return new Conflict(unique, existing);
      }
    }
    return null;
  }

  /**
   * The rows {@code row} could collide with on {@code unique}, or null when it collides with
   * none (a null or missing field, unless nulls are not distinct, where they count as one value).
   */
  private static StatementReads.@Nullable Lookup uniqueLookup(TableSchema table,
      ConvexObject row, UniqueConstraint unique) {
    List<@Nullable ConvexValue> values = new ArrayList<>(unique.fields().size());
    for (String field : unique.fields()) {
      ConvexValue value = row.valueAt(field);
      if (value == null || value == ConvexNull.INSTANCE) {
        if (!unique.nullsNotDistinct()) {
          return null;
        }
        value = null;
      }
      values.add(value);
    }
    return new StatementReads.Lookup(table.name(), unique.fields(), values);
  }

  /**
   * Reads ahead, for many rows about to be written to {@code table}, the parents their foreign
   * keys reference (one read per parent table or index) and the rows their unique keys could
   * collide with (one read per constraint), so that checking each row reads nothing more. The
   * rows are hints: a row written with other values is checked by a read of its own.
   *
   * @param changed the fields the writes change (keys on other fields are skipped), or null
   */
  void prefetch(TableSchema table, List<ConvexObject> rows, @Nullable Set<String> changed) {
    prefetch(table, rows.size(), () -> rows, changed);
  }

  /**
   * As {@link #prefetch(TableSchema, List, Set)}, for {@code count} rows that {@code rows} gives
   * when a key of the table needs them read ahead (a plain insert whose only foreign keys are
   * deferred by-id parents, as most are, never builds them).
   */
  void prefetch(TableSchema table, int count, Supplier<List<ConvexObject>> rows,
      @Nullable Set<String> changed) {
    if (count < 2) {
      return;
    }
    @Nullable List<ConvexObject> built = null;
    for (ForeignKey key : table.foreignKeys()) {
      if (changed != null && key.fields().stream().noneMatch(changed::contains)) {
        continue;
      }
      boolean byId = key.targetFields().equals(List.of(FieldSchema.ID));
      if (byId && deferred != null) {
        continue; // the inserts require the parents
      }
      Set<String> ids = new LinkedHashSet<>();
      Set<StatementReads.Lookup> lookups = new LinkedHashSet<>();
      if (built == null) {
        built = rows.get();
      }
      for (ConvexObject row : built) {
        List<@Nullable ConvexValue> values = values(row, key.fields());
        if (values.stream().anyMatch(v -> v == null || v == ConvexNull.INSTANCE)) {
          continue;
        }
        if (byId) {
          if (values.get(0) instanceof ConvexString id) {
            ids.add(id.value());
          }
        }
        else {
          lookups.add(new StatementReads.Lookup(key.targetTable(), key.targetFields(), values));
        }
      }
      statement.reads.prefetchIds(key.targetTable(), ids);
      statement.reads.prefetch(lookups, 1);
    }
    for (UniqueConstraint unique : table.uniqueConstraints()) {
      if (changed != null && unique.fields().stream().noneMatch(f -> changed.contains(top(f)))) {
        continue;
      }
      Set<StatementReads.Lookup> lookups = new LinkedHashSet<>();
      if (built == null) {
        built = rows.get();
      }
      for (ConvexObject row : built) {
        StatementReads.Lookup lookup = uniqueLookup(table, row, unique);
        if (lookup != null) {
          lookups.add(lookup);
        }
      }
      statement.reads.prefetch(lookups, 2);
    }
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
    required = null;
    for (ForeignKey key : table.foreignKeys()) {
      if (changed != null && key.fields().stream().noneMatch(changed::contains)) {
        continue;
      }
      List<@Nullable ConvexValue> values = values(row, key.fields());
      if (values.stream().anyMatch(v -> v == null || v == ConvexNull.INSTANCE)) {
        continue;
      }
      if (defer(table, key, values)) {
        continue;
      }
      if (!parentExists(key, values)) {
        throw parentViolation(table, key, values);
      }
    }
  }

  /** Defers the check of a parent by id the statement does not know to the row's insert. */
  private boolean defer(TableSchema table, ForeignKey key, List<@Nullable ConvexValue> values) {
    if (deferred == null || !key.targetFields().equals(List.of(FieldSchema.ID))
        || !(values.get(0) instanceof ConvexString id)
        || statement.db.normalizeId(key.targetTable(), id.value()).isEmpty()
        || statement.reads.knownId(id.value()) != null) {
      return false;
    }
    deferred.add(new DeferredParent(table, key, values, id.value()));
    if (required == null) {
      required = new Required(new ArrayList<>(), new ArrayList<>());
    }
    required.tables().add(key.targetTable());
    required.ids().add(id.value());
    return true;
  }

  private static ForeignKeyViolationException parentViolation(TableSchema table, ForeignKey key,
      List<@Nullable ConvexValue> values) {
    return new ForeignKeyViolationException(key.name(), table.name(), key.targetTable(),
        "Foreign key \"" + key.name() + "\" of table \"" + table.name() + "\" is violated: "
        + "no row of table \"" + key.targetTable() + "\" has "
        + describe(key.targetFields(), values) + " (referenced by "
        + describe(key.fields(), values) + ")");
  }

  private boolean parentExists(ForeignKey key, List<@Nullable ConvexValue> values) {
    if (key.targetFields().equals(List.of(FieldSchema.ID))) {
      return values.get(0) instanceof ConvexString id
          && statement.reads.exists(key.targetTable(), id.value());
    }
    return statement.reads.exists(new StatementReads.Lookup(key.targetTable(),
        key.targetFields(), values));
  }

  static List<@Nullable ConvexValue> values(ConvexObject row, List<String> fields) {
    List<@Nullable ConvexValue> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      values.add(row.valueAt(field));
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
