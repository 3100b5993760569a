package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.store.Document;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A delete, Drizzle style: {@code where}, optionally {@code returning}, then {@code execute()}
 * (one transaction) or {@code paginate(...)} (one page per transaction). Foreign keys that
 * reference a deleted row act on its children in the same transaction. Build one per
 * statement; not thread-safe.
 *
 * @param <R> the type of the rows {@code returning} gives
 */
public final class DeleteQuery<R> extends SelectedRowsStatement<R, DeleteQuery<R>> {

  DeleteQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper) {
    this(mutations, table, mapper, new Selection(mutations.orm(), table));
  }

  private DeleteQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper,
      Selection selection) {
    super(mutations, table, mapper, selection, Operation.DELETE);
  }

  @Override
  DeleteQuery<R> self() {
    return this;
  }

  /** Returns the given fields (or entity properties, {@code _id} included) of every deleted row. */
  public DeleteQuery<Map<String, @Nullable Object>> returning(String... fields) {
    DeleteQuery<Map<String, @Nullable Object>> projected = new DeleteQuery<>(mutations, table,
        mutations.columns(table, fields), selection.copy());
    projected.returning = true;
    projected.counts = counts.copy();
    return projected;
  }

  /**
   * Deletes every matching row in one mutation, with the foreign-key actions it triggers. A
   * {@code where} that can match nothing changes nothing.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException before reading, when there is no
   *     {@code where} or no index narrows it, without {@code allowFullScan()}
   * @throws ForeignKeyViolationException when a restricting foreign key still references a row
   * @throws MutationLimitExceededException when the transaction, cascades included, touches too
   *     many rows
   */
  public MutationResult<R> execute() {
    return all(() -> this::apply);
  }

  /**
   * Deletes one page of the matching rows in one mutation; run the next page with the
   * {@code continueCursor} of this one until {@code isDone}.
   */
  public MutationPage<R> paginate(PaginationOptions options) {
    return page(options, () -> this::apply);
  }

  private int apply(Statement statement, Filter where, List<Document> rows,
      List<Document> deleted) {
    statement.actions.prefetchDelete(table, rows);
    int affected = 0;
    for (Document found : rows) {
      Document row = statement.current(found);
      if (row == null || !where.matches(row)) {
        continue;
      }
      statement.writer.delete(table, row, null);
      affected++;
      if (returning) {
        deleted.add(row);
      }
    }
    return affected;
  }
}
