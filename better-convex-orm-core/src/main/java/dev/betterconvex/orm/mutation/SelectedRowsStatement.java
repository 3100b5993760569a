package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.RelationQuery;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.store.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What an update and a delete share: the rows they select ({@code where}, {@code allowFullScan}),
 * {@code returning}, {@code explain}, and running over every matching row in one mutation or
 * over one page of them.
 *
 * @param <R> the type of the rows {@code returning} gives
 * @param <S> the statement type the builder methods return
 */
abstract class SelectedRowsStatement<R, S extends SelectedRowsStatement<R, S>> {

  /**
   * Writes the selected {@code rows} that still match {@code where}; returns how many, and adds
   * the rows to return (when {@code returning}) to {@code returned}.
   */
  interface RowsWrite {
    int apply(Statement statement, Filter where, List<Document> rows, List<Document> returned);
  }

  final ConvexMutations mutations;
  final TableSchema table;
  final Function<Document, R> mapper;
  final Selection selection;
  boolean returning;
  ReturningCounts counts = new ReturningCounts();
  private final Operation operation;

  SelectedRowsStatement(ConvexMutations mutations, TableSchema table,
      Function<Document, R> mapper, Selection selection, Operation operation) {
    this.mutations = mutations;
    this.table = table;
    this.mapper = mapper;
    this.selection = selection;
    this.operation = operation;
  }

  abstract S self();

  /** Writes only the rows matching {@code filter}; several calls combine with {@code and}. */
  public S where(Filter filter) {
    selection.where(filter);
    return self();
  }

  /**
   * Allows a statement with no {@code where}, or one no index narrows; also lets restricting
   * foreign keys whose child fields no index leads be checked by reading the child table.
   */
  public S allowFullScan() {
    selection.allowFullScan();
    return self();
  }

  /**
   * Returns every written row, whole: a deleted row as it was before the delete, an updated row
   * as it is after the update.
   */
  public S returning() {
    this.returning = true;
    return self();
  }

  /**
   * Counts relation {@code relation} of every returned row, after the write and in its
   * transaction, as a query's {@code withCount} does (from an aggregate index, one read for all
   * rows); the rows of {@code returning(fields...)} hold the counts under {@code _count},
   * entities in their {@code @RelationCount} property.
   */
  public S withCount(String relation) {
    return withCount(relation, r -> r);
  }

  /** Counts relation {@code relation} of every returned row as {@code spec} says. */
  public S withCount(String relation, UnaryOperator<RelationQuery> spec) {
    counts.add(spec.apply(RelationQuery.count(relation)));
    return self();
  }

  /** Returns how the rows to write are read, without reading. */
  public QueryPlan explain() {
    return selection.explain();
  }

  /** Runs {@code write} (null: the statement writes nothing) over every matching row. */
  final MutationResult<R> all(Supplier<@Nullable RowsWrite> write) {
    return OrmInternals.observe(mutations.orm(), table.name(), name(), o -> {
      RowsWrite rows = write.get();
      if (rows == null) {
        return new MutationResult<>(List.of(), 0);
      }
      QueryPlan plan = selection.requireBounded(name());
      RelationPlan countPlan = counts.plan(mutations, table, returning, mapper);
      return mutations.run(selection.fullScanAllowed(), statement -> {
        List<Document> returned = new ArrayList<>();
        int affected = rows.apply(statement, plan.postFilter(), visible(selection.all()),
            returned);
        return new MutationResult<>(counts.rows(statement, countPlan, returned, mapper),
            affected);
      });
    });
  }

  /** Runs {@code write} (null: the statement writes nothing) over one page of the matching rows. */
  final MutationPage<R> page(PaginationOptions options, Supplier<@Nullable RowsWrite> write) {
    return OrmInternals.observe(mutations.orm(), table.name(), name(), o -> {
      RowsWrite rows = write.get();
      if (rows == null) {
        return new MutationPage<>(List.of(), 0, null, true);
      }
      QueryPlan plan = selection.requireBounded(name());
      RelationPlan countPlan = counts.plan(mutations, table, returning, mapper);
      return mutations.run(selection.fullScanAllowed(), statement -> {
        PaginationResult<Document> page = selection.page(options);
        List<Document> returned = new ArrayList<>();
        int affected = rows.apply(statement, plan.postFilter(), visible(page.page()), returned);
        return new MutationPage<>(counts.rows(statement, countPlan, returned, mapper), affected,
            page.continueCursor(), page.isDone());
      });
    });
  }

  private String name() {
    return operation == Operation.DELETE ? "delete" : "update";
  }

  /** The selected rows the principal may change; row-level security skips the others. */
  private List<Document> visible(List<Document> rows) {
    return RowLevelSecurityGuard.visible(mutations.orm(), table.name(), operation, rows);
  }
}
