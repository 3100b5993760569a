package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexObject;
import org.jspecify.annotations.Nullable;

/**
 * One row a mutation is about to write, as a {@link WriteGuard} sees it.
 *
 * @param operation what is done to the row
 * @param table the table of the row
 * @param before the row as it is, or null for an insert
 * @param after the user fields it will hold, or null for a delete
 * @param foreignKey null for a row the statement itself writes; for a row changed by a
 *     foreign-key action (cascade, set null, set default), the key of {@code table} whose action
 *     changes it
 */
public record RowWrite(Operation operation, String table, @Nullable Document before,
    @Nullable ConvexObject after, @Nullable ForeignKey foreignKey) {

  /** What a write does to its row. */
  public enum Operation {
    /** A new row. */
    INSERT,
    /** An existing row changes. */
    UPDATE,
    /** An existing row is removed. */
    DELETE
  }

  /** Returns whether a foreign-key action, not the statement itself, writes this row. */
  public boolean isForeignKeyAction() {
    return foreignKey != null;
  }
}
