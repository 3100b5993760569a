package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexObject;
import java.util.List;

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
    if (cause != null && before != null) {
      rls.requireAllowed(write.table(), operation, before, context, OrmInternals.filterBinder(orm),
          "changed by foreign key \"" + cause.name() + "\" to table \""
              + cause.targetTable() + "\"");
    }
    ConvexObject after = write.after();
    if (after != null) {
      Document row = before != null
          ? Document.of(write.table(), before.id(), before.creationTime(), after)
          : Document.of(write.table(), "(new)", 0, after);
      rls.checkWrite(write.table(), operation, row, context, OrmInternals.filterBinder(orm));
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
