package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import java.util.ArrayList;
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
public final class DeleteQuery<R> {

  private final ConvexMutations mutations;
  private final TableSchema table;
  private final Function<Document, R> mapper;
  private final Selection selection;
  private boolean returning;

  DeleteQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper) {
    this(mutations, table, mapper, new Selection(mutations.orm(), table));
  }

  private DeleteQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper,
      Selection selection) {
    this.mutations = mutations;
    this.table = table;
    this.mapper = mapper;
    this.selection = selection;
  }

  /** Deletes the rows matching {@code filter}; several calls combine with {@code and}. */
  public DeleteQuery<R> where(Filter filter) {
    selection.where(filter);
    return this;
  }

  /**
   * Allows a delete with no {@code where}, or one no index narrows; also lets restricting
   * foreign keys whose child fields no index leads be checked by reading the child table.
   */
  public DeleteQuery<R> allowFullScan() {
    selection.allowFullScan();
    return this;
  }

  /** Returns every deleted row, whole, as it was before the delete. */
  public DeleteQuery<R> returning() {
    this.returning = true;
    return this;
  }

  /** Returns the given fields (or entity properties, {@code _id} included) of every deleted row. */
  public DeleteQuery<Map<String, @Nullable Object>> returning(String... fields) {
    DeleteQuery<Map<String, @Nullable Object>> projected = new DeleteQuery<>(mutations, table,
        mutations.columns(table, fields), selection.copy());
    projected.returning = true;
    return projected;
  }

  /** Returns how the rows to delete are read, without reading. */
  public QueryPlan explain() {
    return selection.explain();
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
    return OrmInternals.observe(mutations.orm(), table.name(), "delete",
        o -> executeObserved());
  }

  private MutationResult<R> executeObserved() {
    QueryPlan plan = selection.requireBounded("delete");
    return mutations.run(selection.fullScanAllowed(), statement -> {
      List<R> deleted = new ArrayList<>();
      int affected = apply(statement, plan.postFilter(), visible(selection.all()), deleted);
      return new MutationResult<>(deleted, affected);
    });
  }

  /**
   * Deletes one page of the matching rows in one mutation; run the next page with the
   * {@code continueCursor} of this one until {@code isDone}.
   */
  public MutationPage<R> paginate(PaginationOptions options) {
    return OrmInternals.observe(mutations.orm(), table.name(), "delete",
        o -> paginateObserved(options));
  }

  private MutationPage<R> paginateObserved(PaginationOptions options) {
    QueryPlan plan = selection.requireBounded("delete");
    return mutations.run(selection.fullScanAllowed(), statement -> {
      PaginationResult<Document> page = selection.page(options);
      List<R> deleted = new ArrayList<>();
      int affected = apply(statement, plan.postFilter(), visible(page.page()), deleted);
      return new MutationPage<>(deleted, affected, page.continueCursor(), page.isDone());
    });
  }

  private int apply(Statement statement, Filter where, List<Document> rows, List<R> deleted) {
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
        deleted.add(mapper.apply(row));
      }
    }
    return affected;
  }

  /** The selected rows the principal may change; row-level security skips the others. */
  private List<Document> visible(List<Document> rows) {
    return RowLevelSecurityGuard.visible(mutations.orm(), table.name(),
        dev.betterconvex.orm.security.Operation.DELETE, rows);
  }
}
