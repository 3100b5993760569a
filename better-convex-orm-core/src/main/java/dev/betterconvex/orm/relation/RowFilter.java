package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.store.Document;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Decides which rows of a table a read may return: the one place row-level security plugs into.
 * Relation loading asks it once per table and read, for the related table and, for
 * many-to-many relations, the junction table too, and drops every row the predicate refuses
 * before the relation's {@code where}, order, offset and limit apply.
 */
@FunctionalInterface
public interface RowFilter {

  /** Lets every row through. */
  RowFilter ALL_ROWS = table -> null;

  /**
   * Returns the predicate rows of {@code table} must pass in the read about to run (for the
   * current principal), or null when every row passes; null lets the read push per-parent limits
   * into SQL.
   */
  @Nullable Predicate<Document> select(String table);
}
