package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rows an update or delete works on: its table, {@code where} and {@code allowFullScan},
 * read through the ORM's planner inside the statement's transaction.
 */
final class Selection {

  private final ConvexOrm orm;
  private final TableSchema table;
  private @Nullable Filter where;
  private boolean allowFullScan;

  Selection(ConvexOrm orm, TableSchema table) {
    this.orm = orm;
    this.table = table;
  }

  Selection copy() {
    Selection copy = new Selection(orm, table);
    copy.where = where;
    copy.allowFullScan = allowFullScan;
    return copy;
  }

  void where(Filter filter) {
    where = where == null ? filter : Filters.and(where, filter);
  }

  void allowFullScan() {
    allowFullScan = true;
  }

  boolean fullScanAllowed() {
    return allowFullScan;
  }

  QueryPlan explain() {
    return query().explain();
  }

  /**
   * Returns the plan, refusing before any read a statement with no {@code where}, or whose
   * {@code where} no index narrows, unless it allows a full scan.
   */
  QueryPlan requireBounded(String operation) {
    if (where == null && !allowFullScan) {
      throw new UnboundedQueryException(operation + " on table \"" + table.name() + "\" has no "
          + "where() and would " + operation + " every row: add a where(), or call "
          + "allowFullScan() to " + operation + " the whole table");
    }
    QueryPlan plan = explain();
    if (plan.fullScan() && !allowFullScan) {
      throw new UnboundedQueryException(operation + " on table \"" + table.name() + "\" would "
          + "read the whole table: no index narrows where(" + where + "). Add an index led by "
          + "fields the where() pins, or call allowFullScan()");
    }
    return plan;
  }

  /** Reads every matching row; the caller has checked the plan with {@link #requireBounded}. */
  List<Document> all() {
    return query().allowFullScan().findMany();
  }

  /** Reads one page of matching rows. */
  PaginationResult<Document> page(PaginationOptions options) {
    return query().paginate(options);
  }

  private FindQuery<Document> query() {
    FindQuery<Document> query = orm.query(table.name());
    return where == null ? query : query.where(where);
  }
}
