package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.relation.OrmSettings;

import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;

/**
 * The one executor of a {@link QuerySpec}, made for one terminal call: it takes the row-level
 * read restriction once, plans the query (the restriction's filter joins the {@code where}),
 * checks the sizing policy and the relation guardrails before reading, then reads inside the
 * current transaction (or a read-only one of its own).
 *
 * @param <T> the type of the rows returned
 */
final class QueryRun<T> {

  /** DEBUG: each read's plan and how many rows it returned. */
  private static final Log logger = LogFactory.getLog("dev.betterconvex.orm.query");

  private final ConvexOrm orm;
  private final ConvexEngine engine;
  private final TableSchema table;
  private final RowShape<T> shape;
  private final QuerySpec spec;
  private final FilterResolver resolver;
  private final Supplier<Filter> boundWhere;
  private final RowLevelSecurity.ReadRestriction restriction;

  /**
   * @param boundWhere the spec's {@code where} bound to the table by {@code resolver}
   */
  QueryRun(ConvexOrm orm, TableSchema table, RowShape<T> shape, QuerySpec spec,
      FilterResolver resolver, Supplier<Filter> boundWhere) {
    this.orm = orm;
    this.engine = orm.engine();
    this.table = table;
    this.shape = shape;
    this.spec = spec;
    this.resolver = resolver;
    this.boundWhere = boundWhere;
    this.restriction = orm.readRestriction(table.name());
  }

  /** A page, and the cursor after each of its rows (sealed when asked). */
  record Paged<T>(PaginationResult<T> result, IntFunction<String> cursors) {
  }

  QueryPlan explain() {
    return plan(spec.limit() == null ? table.defaultLimit() : spec.limit());
  }

  List<T> findMany() {
    Integer effective = spec.limit() != null ? spec.limit() : table.defaultLimit();
    if (effective == null && !spec.allowFullScan() && spec.searching().index() == null) {
      throw QueryErrors.unboundedFindMany(table);
    }
    return read(checkedPlan(effective));
  }

  Optional<T> findFirst() {
    List<T> rows = read(checkedPlan(1));
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  Optional<T> findUnique() {
    QueryErrors.requireUniqueKey(table, boundWhere.get());
    List<T> rows = read(checkedPlan(2));
    if (rows.size() > 1) {
      throw new IncorrectResultSizeDataAccessException("findUnique on table \"" + table.name()
          + "\" matched more than one row for " + spec.where(), 1, rows.size());
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  long count() {
    QueryPlan plan = plan(null);
    if (plan.fullScan() && !spec.allowFullScan()) {
      throw QueryErrors.unboundedCount(table);
    }
    observe(plan);
    Predicate<Document> allowed = allowed();
    return engine.query(db -> QueryExecutor.count(db, EngineInternals.cursors(engine), plan, allowed));
  }

  /** Reads one page. */
  Paged<T> paged(PaginationOptions options) {
    if (spec.offset() > 0) {
      throw QueryErrors.offsetWithCursor();
    }
    QueryPlan plan = plan(null);
    if (plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw QueryErrors.pageOrderNotServed(table, plan);
    }
    RelationPlan relations = relationPlan();
    observe(plan);
    Paginator<Document> paginator = new Paginator<>(engine,
        QueryExecutor.source(EngineInternals.cursors(engine), plan, allowed()), options, "query");
    return engine.query(db -> {
      Page<Document> page = paginator.page(db);
      return new Paged<>(page.result(docs -> rows(db, relations, docs)), page::cursorAt);
    });
  }

  RelationPlan relationPlan() {
    OrmSettings settings = orm.settings();
    if (spec.relationMaxKeys() != null) {
      settings = settings.withRelationMaxKeys(spec.relationMaxKeys());
    }
    if (spec.relationMaxDepth() != null) {
      settings = settings.withRelationMaxDepth(spec.relationMaxDepth());
    }
    RelationPlan plan = orm.relations().plan(table, spec.with(), settings);
    shape.check(plan, table.name());
    return plan;
  }

  /** The row-level decision to run on every row read, or null when the read is unrestricted. */
  private @Nullable Predicate<Document> allowed() {
    return restriction.isNone() ? null : restriction.rows();
  }

  /** Turns documents read into the query's rows, loading their relations first. */
  private List<T> rows(DatabaseReader db, RelationPlan relations, List<Document> docs) {
    return shape.readAll(orm.relations().load(db, relations, docs));
  }

  /** Tags the current observation (if any) with the index the plan reads. */
  private void observe(QueryPlan plan) {
    io.micrometer.observation.Observation current = orm.currentObservation();
    if (current != null) {
      current.lowCardinalityKeyValue("index", plan.index());
    }
  }

  private List<T> read(QueryPlan plan) {
    observe(plan);
    RelationPlan relations = relationPlan();
    Predicate<Document> allowed = allowed();
    List<T> rows = engine.query(db -> rows(db, relations,
        QueryExecutor.run(db, EngineInternals.cursors(engine), plan, allowed)));
    if (logger.isDebugEnabled()) {
      logger.debug("Query on table \"" + table.name() + "\" returned " + rows.size()
          + " rows, plan:\n" + plan);
    }
    return rows;
  }

  private QueryPlan checkedPlan(@Nullable Integer effectiveLimit) {
    QueryPlan plan = plan(effectiveLimit);
    if (plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ
        && !spec.allowFullScan() && !plan.readsNothing()) {
      throw QueryErrors.orderNotServed(table, plan);
    }
    return plan;
  }

  private QueryPlan plan(@Nullable Integer effectiveLimit) {
    Filter resolved = restriction.isNone() ? boundWhere.get()
        : resolver.resolve(Filters.and(spec.where(), restriction.filter()));
    QuerySpec.Searching searching = spec.searching();
    if (searching.includeScore() && searching.index() == null) {
      throw new org.springframework.dao.InvalidDataAccessApiUsageException("includeScore() on "
          + "table \"" + table.name() + "\" needs withSearchIndex(...): only a search scores rows");
    }
    if (searching.includeScore() && !shape.holdsScore()) {
      throw new org.springframework.dao.InvalidDataAccessApiUsageException("includeScore() on "
          + "table \"" + table.name() + "\": entities have no place for the score; read "
          + "columns(...), rows() or documents to get _score");
    }
    if (searching.index() != null) {
      return SearchPlanner.plan(table, spec, resolver, resolved, effectiveLimit);
    }
    List<Sort> sorts = new ArrayList<>(spec.orderBy().size());
    for (Sort s : spec.orderBy()) {
      sorts.add(new Sort(resolver.field(s.field()), s.descending()));
    }
    Planner.ExplicitIndex explicit = spec.explicit();
    return Planner.plan(table, resolved, sorts, explicit == null ? null
        : new Planner.ExplicitIndex(explicit.name(), resolveRange(explicit)),
        effectiveLimit, spec.offset(), spec.allowFullScan());
  }

  private List<IndexRange.Expression> resolveRange(Planner.ExplicitIndex explicit) {
    List<IndexRange.Expression> result = new ArrayList<>();
    for (IndexRange.Expression e : explicit.expressions()) {
      String field = resolver.field(e.field());
      result.add(new IndexRange.Expression(e.operator(), field,
          e.value() == null ? null : resolver.coerce(field, e.value())));
    }
    return result;
  }
}
