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
import dev.betterconvex.orm.store.AggregateValues;
import dev.betterconvex.orm.value.ConvexValue;
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
    VectorReads<T> vector = vectorReads();
    if (vector != null) {
      return vector.plan(vector.limit());
    }
    return plan(spec.limit() == null ? table.defaultLimit() : spec.limit());
  }

  /** The read of the spec's vector search, or null when it has none. */
  private @Nullable VectorReads<T> vectorReads() {
    VectorSearch search = spec.vector();
    return search == null ? null
        : new VectorReads<>(orm, table, shape, spec, search, resolver, restriction);
  }

  /** Reads the vector search's best {@code limit} rows. */
  private List<T> readVector(VectorReads<T> vector, int limit) {
    QueryPlan plan = vector.plan(limit);
    observe(plan);
    List<T> rows = vector.read(limit, relationPlan());
    if (logger.isDebugEnabled()) {
      logger.debug("Vector search on table \"" + table.name() + "\" returned " + rows.size()
          + " rows, plan:\n" + plan);
    }
    return rows;
  }

  /** Refuses {@code call} when the spec is a vector search, which does not have it. */
  private void refuseVector(String call) {
    VectorSearch search = spec.vector();
    if (search != null) {
      throw VectorReads.unsupported(table, search, call);
    }
  }

  List<T> findMany() {
    VectorReads<T> vector = vectorReads();
    if (vector != null) {
      return readVector(vector, vector.limit());
    }
    Integer effective = spec.limit() != null ? spec.limit() : table.defaultLimit();
    if (effective == null && !spec.allowFullScan() && spec.searching().index() == null) {
      throw QueryErrors.unboundedFindMany(table);
    }
    return read(checkedPlan(effective));
  }

  Optional<T> findFirst() {
    VectorReads<T> vector = vectorReads();
    List<T> rows = vector != null ? readVector(vector, 1) : read(checkedPlan(1));
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  Optional<T> findUnique() {
    refuseVector("findUnique");
    QueryErrors.requireUniqueKey(table, boundWhere.get());
    List<T> rows = read(checkedPlan(2));
    if (rows.size() > 1) {
      throw new IncorrectResultSizeDataAccessException("findUnique on table \"" + table.name()
          + "\" matched more than one row for " + spec.where(), 1, rows.size());
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  long count() {
    refuseVector("count");
    if (!table.aggregateIndexes().isEmpty() && spec.explicit() == null) {
      AggregatePlan aggregate = aggregatePlan("count", Aggregation.of(), List.of());
      if (aggregate.served()) {
        return aggregateValues(aggregate, Aggregation.of()).count();
      }
      if (!spec.allowFullScan()) {
        throw new AggregateIndexRequiredException(aggregate.refusal());
      }
    }
    return countRows();
  }

  /**
   * Plans {@code count()} without reading: the aggregate index it reads, or null when it reads
   * rows; fails as {@code count()} would refuse.
   */
  @Nullable String countIndex() {
    if (table.aggregateIndexes().isEmpty() || spec.explicit() != null) {
      return null;
    }
    AggregatePlan aggregate = aggregatePlan("count", Aggregation.of(), List.of());
    if (aggregate.served()) {
      return aggregate.readsNothing() ? "" : aggregate.index().name();
    }
    if (!spec.allowFullScan()) {
      throw new AggregateIndexRequiredException(aggregate.refusal());
    }
    return null;
  }

  /**
   * The figures of {@code aggregation} over the matching rows: from an aggregate index when one
   * serves the filter (and the row-level security policies), else, with allowFullScan, from the
   * rows.
   */
  AggregateResult aggregate(Aggregation aggregation) {
    refuseVector("aggregate");
    Aggregation resolved = aggregation.map(resolver::field);
    AggregatePlan aggregate = aggregatePlan("aggregate", resolved, List.of());
    AggregateValues values;
    if (aggregate.served()) {
      values = aggregateValues(aggregate, resolved);
    } else if (spec.allowFullScan()) {
      values = AggregatePlan.fromRows(matchingRows(), resolved);
    } else {
      throw new AggregateIndexRequiredException(aggregate.refusal());
    }
    return new AggregateResult(values, aggregation, resolver::field);
  }

  /** The groups of the {@code by} fields, in key order, each with its figures. */
  List<AggregateGroup> groupBy(List<String> by, Aggregation aggregation) {
    refuseVector("groupBy");
    if (by.isEmpty()) {
      throw new IllegalArgumentException("groupBy needs at least one field");
    }
    List<String> fields = by.stream().map(resolver::field).toList();
    Aggregation resolved = aggregation.map(resolver::field);
    AggregatePlan aggregate = aggregatePlan("groupBy", resolved, fields);
    java.util.TreeMap<String, List<@Nullable ConvexValue>> keys = new java.util.TreeMap<>();
    java.util.Map<String, AggregateValues> groups = new java.util.HashMap<>();
    if (aggregate.served()) {
      if (!aggregate.readsNothing()) {
        observeAggregate(aggregate);
        List<String> on = aggregate.index().on();
        engine.query(db -> {
          EngineInternals internals = EngineInternals.of(db);
          for (List<@Nullable ConvexValue> probe : aggregate.probes()) {
            AggregateValues values = internals.aggregate(table.name(), aggregate.index().name(),
                probe, resolved.min(), resolved.max());
            if (values.count() == 0) {
              continue;
            }
            List<@Nullable ConvexValue> key = new ArrayList<>();
            for (String field : fields) {
              key.add(probe.get(on.indexOf(field)));
            }
            String k = AggregatePlan.groupKey(key);
            keys.put(k, key);
            groups.merge(k, values, AggregateValues::plus);
          }
          return Boolean.TRUE;
        });
      }
    } else if (spec.allowFullScan()) {
      java.util.Map<String, List<Document>> rows = new java.util.HashMap<>();
      for (Document doc : matchingRows()) {
        List<@Nullable ConvexValue> key = new ArrayList<>();
        for (String field : fields) {
          key.add(doc.get(field));
        }
        String k = AggregatePlan.groupKey(key);
        keys.put(k, key);
        rows.computeIfAbsent(k, x -> new ArrayList<>()).add(doc);
      }
      rows.forEach((k, docs) -> groups.put(k, AggregatePlan.fromRows(docs, resolved)));
    } else {
      throw new AggregateIndexRequiredException(aggregate.refusal());
    }
    List<AggregateGroup> result = new ArrayList<>();
    keys.forEach((k, key) -> result.add(new AggregateGroup(by, key,
        new AggregateResult(java.util.Objects.requireNonNull(groups.get(k)), aggregation,
            resolver::field))));
    return result;
  }

  /** What a group-by cursor is bound to: the table, the filter and the policies' filter. */
  String groupShape() {
    return "groupBy on " + table.name() + " where " + boundWhere.get() + " policies "
        + policiesFilter();
  }

  private Filter policiesFilter() {
    return restriction.isNone() ? new Filter.And(List.of())
        : resolver.resolve(restriction.filter());
  }

  /** The reads of the rank index {@code index}, planned (refused before reading). */
  RankReads<T> rank(String index) {
    return new RankReads<>(orm, table, shape, spec, index, boundWhere.get(), policiesFilter(),
        restriction, relationPlan());
  }

  private AggregatePlan aggregatePlan(String operation, Aggregation aggregation,
      List<String> by) {
    Filter policies = policiesFilter();
    return AggregatePlan.plan(table, operation, boundWhere.get(), policies, restriction,
        aggregation, by);
  }

  private AggregateValues aggregateValues(AggregatePlan aggregate, Aggregation figures) {
    if (aggregate.readsNothing()) {
      return AggregatePlan.EMPTY;
    }
    observeAggregate(aggregate);
    return engine.query(db -> {
      EngineInternals internals = EngineInternals.of(db);
      AggregateValues total = AggregatePlan.EMPTY;
      for (List<@Nullable ConvexValue> probe : aggregate.probes()) {
        total = total.plus(internals.aggregate(table.name(), aggregate.index().name(), probe,
            figures.min(), figures.max()));
      }
      return total;
    });
  }

  /** Every matching row the caller may read (allowFullScan), for figures computed from rows. */
  private List<Document> matchingRows() {
    QueryPlan plan = plan(null);
    observe(plan);
    Predicate<Document> allowed = allowed();
    return engine.query(db -> QueryExecutor.run(db, EngineInternals.cursors(engine), plan,
        allowed));
  }

  private long countRows() {
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
    refuseVector("pagination (paginate, scroll, cursors)");
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

  /** Tags the current observation (if any) with the aggregate index the read uses. */
  private void observeAggregate(AggregatePlan aggregate) {
    io.micrometer.observation.Observation current = orm.currentObservation();
    if (current != null) {
      current.lowCardinalityKeyValue("index", aggregate.index().name());
    }
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
    if ((searching.includeScore() || shape.scored()) && searching.index() == null) {
      throw new org.springframework.dao.InvalidDataAccessApiUsageException("includeScore() on "
          + "a query of table \"" + table.name() + "\" needs withSearchIndex(...) or "
          + "vectorSearch(...): only a search scores rows");
    }
    if (searching.index() != null) {
      return SearchPlanner.plan(table, spec, resolver, resolved, effectiveLimit);
    }
    List<Sort> sorts = new ArrayList<>(spec.orderBy().size());
    for (Sort s : spec.orderBy()) {
      sorts.add(new Sort(resolver.field(s.field()), s.descending()));
    }
    Planner.ExplicitIndex explicit = spec.explicit();
    return orm.plans().plan(table, resolved, sorts, explicit == null ? null
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
