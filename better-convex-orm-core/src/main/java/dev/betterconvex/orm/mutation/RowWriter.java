package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one path every row write of a mutation takes, the statement's own rows and every row a
 * foreign-key action changes alike: schema validation, then the {@link WriteGuard} (where
 * row-level security checks the row), then check, foreign-key and unique constraints and
 * restricting foreign keys, then the transaction's row budget, then the write, then the
 * foreign-key actions on the row's children, which come back here for each child.
 */
final class RowWriter {

  /** DEBUG: every row a mutation writes, foreign-key actions included. */
  private static final Log logger = LogFactory.getLog("dev.betterconvex.orm.mutation");


  private final Statement statement;

  RowWriter(Statement statement) {
    this.statement = statement;
  }

  /**
   * Inserts a row and returns its id.
   *
   * @param uniqueChecked whether the caller has already looked for unique conflicts
   */
  String insert(TableSchema table, ConvexObject row, boolean uniqueChecked) {
    EngineInternals.checkSchema(table, row);
    guard(new RowWrite(RowWrite.Operation.INSERT, table.name(), null, row, null));
    statement.constraints.checkChecks(table, row);
    statement.constraints.checkParents(table, row, null);
    if (!uniqueChecked) {
      Constraints.Conflict conflict = statement.constraints.findConflict(table, row, null, null,
          null);
      if (conflict != null) {
        throw statement.constraints.violation(table, conflict, row);
      }
    }
    Constraints.Required parents = statement.constraints.takeRequired();
    statement.budget.touch(table.name(), statement.mutations.settings());
    String id = parents != null && statement.db instanceof EngineInternals internal
        ? internal.insertIfParentsExist(table.name(), row.fields(), parents.tables(),
            parents.ids())
        : statement.db.insert(table.name(), row.fields());
    statement.written(table.name(), null, Document.of(table.name(), id, 0, row), true);
    return id;
  }

  /**
   * Replaces the user fields of {@code before} with {@code after}, then applies the on-update
   * actions of the foreign keys referencing the fields that changed.
   *
   * @param cause the child's foreign key whose action writes the row, or null
   */
  void update(TableSchema table, Document before, ConvexObject after,
      @Nullable ForeignKey cause) {
    EngineInternals.checkSchema(table, after);
    guard(new RowWrite(RowWrite.Operation.UPDATE, table.name(), before, after, cause));
    Set<String> changed = changedFields(before.fields(), after);
    statement.constraints.checkChecks(table, after);
    statement.constraints.checkParents(table, after, changed);
    Constraints.Conflict conflict = statement.constraints.findConflict(table, after,
        before.id(), changed, null);
    if (conflict != null) {
      throw statement.constraints.violation(table, conflict, after);
    }
    statement.actions.beforeUpdate(table, before, after);
    statement.budget.touch(table.name(), statement.mutations.settings());
    if (statement.db instanceof EngineInternals internal) {
      internal.replace(before, after.fields()); // read by the statement: no second read
    }
    else {
      statement.db.replace(before.id(), after.fields());
    }
    statement.written(table.name(), before.id(),
        Document.of(table.name(), before.id(), before.creationTime(), after), false);
    statement.actions.afterUpdate(table, before, after);
  }

  /**
   * Deletes {@code before}, then applies the on-delete actions of the foreign keys referencing
   * it.
   *
   * @param cause the child's foreign key whose cascade deletes the row, or null
   */
  void delete(TableSchema table, Document before, @Nullable ForeignKey cause) {
    guard(new RowWrite(RowWrite.Operation.DELETE, table.name(), before, null, cause));
    statement.actions.beforeDelete(table, before);
    statement.budget.touch(table.name(), statement.mutations.settings());
    statement.db.delete(before.id());
    statement.written(table.name(), before.id(), null, false);
    statement.actions.afterDelete(table, before);
  }

  /** The single place a write is shown to the guard before it happens. */
  private void guard(RowWrite write) {
    statement.mutations.guard().check(write);
    if (logger.isDebugEnabled()) {
      Document before = write.before();
      ForeignKey cause = write.foreignKey();
      logger.debug(write.operation() + " of " + (before == null ? "a new row" : "row "
          + before.id()) + " in table \"" + write.table() + "\""
          + (cause != null ? " by foreign key \"" + cause.name() + "\"" : ""));
    }
  }

  private static Set<String> changedFields(ConvexObject before, ConvexObject after) {
    Set<String> changed = new HashSet<>();
    for (Map.Entry<String, ConvexValue> e : after.fields().entrySet()) {
      if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
        changed.add(e.getKey());
      }
    }
    for (String field : before.fields().keySet()) {
      if (after.get(field) == null) {
        changed.add(field);
      }
    }
    return changed;
  }
}
