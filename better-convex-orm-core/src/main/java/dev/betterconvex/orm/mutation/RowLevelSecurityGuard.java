package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Row-level security for writes, seen through the {@link WriteGuard} door every row write
 * passes: new values must pass {@code withCheck}; a row a foreign-key action changes must also
 * pass the child table's {@code using} for that operation, as the same principal, or the whole
 * mutation fails and nothing is written. Rows of the statement itself that fail {@code using}
 * are skipped before they reach the guard ({@link #visible}); the row an upsert collides with
 * must pass the SELECT and UPDATE {@code using} ({@link #requireUpsertTarget}).
 */
final class RowLevelSecurityGuard implements WriteGuard {

  private final ConvexOrm orm;

  RowLevelSecurityGuard(ConvexOrm orm) {
    this.orm = orm;
  }

  @Override
  public void check(RowWrite write) {
    RowLevelSecurity rls = orm.rowLevelSecurity();
    if (!rls.isEnabled(write.table())) {
      return;
    }
    PolicyContext context = orm.policyContext();
    Operation operation = operation(write.operation());
    Document before = write.before();
    ForeignKey cause = write.foreignKey();
    Map<String, Consumer<Document>> action = ACTION_CHECKS.get();
    if (cause != null && before != null) {
      String key = write.table() + "/" + operation + "/using/" + cause.name();
      Supplier<Consumer<Document>> bind = () -> rls.requireAllowed(write.table(), operation,
          context, OrmInternals.filterBinder(orm), "changed by foreign key \"" + cause.name()
              + "\" to table \"" + cause.targetTable() + "\"");
      (action == null ? bind.get() : action.computeIfAbsent(key, k -> bind.get())).accept(before);
    }
    ConvexObject after = write.after();
    if (after != null) {
      Document row = before != null
          ? Document.of(write.table(), before.id(), before.creationTime(), after)
          : Document.of(write.table(), "(new)", 0, after);
      if (cause != null && action != null) {
        action.computeIfAbsent(write.table() + "/" + operation + "/check/" + cause.name(),
            k -> rls.writeCheck(write.table(), operation, context, OrmInternals.filterBinder(orm))).accept(row);
      }
      else {
        rls.checkWrite(write.table(), operation, row, context, OrmInternals.filterBinder(orm));
      }
    }
  }

  /**
   * The policies bound during one foreign-key action, by table, operation and key: the child
   * rows of one action are checked against policies bound once, not once per row.
   */
  private static final ThreadLocal<@Nullable Map<String, Consumer<Document>>> ACTION_CHECKS =
      new ThreadLocal<>();

  /** Runs the writes of one foreign-key action, binding each child policy once for them all. */
  static void duringForeignKeyAction(Runnable writes) {
    if (ACTION_CHECKS.get() != null) {
      writes.run();
      return;
    }
    ACTION_CHECKS.set(new HashMap<>());
    try {
      writes.run();
    }
    finally {
      ACTION_CHECKS.remove();
    }
  }

  /** Keeps the rows of a statement that its principal may change with {@code operation}. */
  static List<Document> visible(ConvexOrm orm, String table, Operation operation,
      List<Document> rows) {
    RowLevelSecurity rls = orm.rowLevelSecurity();
    if (!rls.isEnabled(table)) {
      return rows;
    }
    return rows.stream()
        .filter(rls.allowed(table, operation, orm.policyContext(), OrmInternals.filterBinder(orm)))
        .toList();
  }

  /**
   * Refuses an {@code onConflictDoUpdate} of an existing row its principal may not read and
   * update.
   */
  static void requireUpsertTarget(ConvexOrm orm, String table, Document existing) {
    RowLevelSecurity rls = orm.rowLevelSecurity();
    if (rls.isEnabled(table)) {
      rls.requireUpsertTarget(table, existing, orm.policyContext(), OrmInternals.filterBinder(orm));
    }
  }

  private static Operation operation(RowWrite.Operation operation) {
    switch (operation) {
      case INSERT:
        return Operation.INSERT;
      case UPDATE:
        return Operation.UPDATE;
      default:
        return Operation.DELETE;
    }
  }
}
