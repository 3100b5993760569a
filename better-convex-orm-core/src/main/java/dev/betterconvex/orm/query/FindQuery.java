package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.relation.OrmSettings;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.RelationQuery;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexRangeBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/**
 * A read over one table, in the vocabulary of the TypeScript ORM: {@code where},
 * {@code orderBy}, {@code limit}, {@code offset}, {@code columns}, {@code with},
 * {@code withIndex}, {@code allowFullScan}, then {@code findMany}, {@code findFirst},
 * {@code findFirstOrThrow}, {@code findUnique}, {@code paginate}, {@code scroll}, {@code count}
 * or {@code explain}. Each terminal call plans the query and its relations, applies the sizing
 * policy and the relation guardrails before reading, and reads inside the current transaction
 * (or a read-only one of its own). A query object is mutable and not thread-safe; build one per
 * read.
 *
 * @param <T> the type of the rows returned
 */
public final class FindQuery<T> {

  /** DEBUG: each read's plan and how many rows it returned. */
  private static final Log logger = LogFactory.getLog("dev.betterconvex.orm.query");


  private final ConvexOrm orm;
  private final ConvexEngine engine;
  private final TableSchema table;
  private final RowShape<T> shape;
  private Filter where = new Filter.And(List.of());
  private List<Sort> orderBy = List.of();
  private @Nullable Integer limit;
  private int offset;
  private boolean allowFullScan;
  private Planner.@Nullable ExplicitIndex explicit;
  private final List<RelationQuery> with = new ArrayList<>();
  private @Nullable Integer relationMaxKeys;
  private @Nullable Integer relationMaxDepth;
  /** {@link #where} bound to the table, kept while {@link #where} is this same filter. */
  private @Nullable Filter resolvedWhere;
  private @Nullable Filter resolvedFrom;

  FindQuery(ConvexOrm orm, TableSchema table, RowShape<T> shape) {
    this.orm = orm;
    this.engine = orm.engine();
    this.table = table;
    this.shape = shape;
  }

  /** Keeps the rows matching {@code filter}; several calls combine with {@code and}. */
  public FindQuery<T> where(Filter filter) {
    this.where = where instanceof Filter.And and && and.filters().isEmpty() ? filter
        : Filters.and(where, filter);
    return this;
  }

  /** Orders the rows; without it they come in the chosen index's order, descending. */
  public FindQuery<T> orderBy(Sort... sorts) {
    this.orderBy = List.of(sorts);
    return this;
  }

  /** Returns at most {@code limit} rows. */
  public FindQuery<T> limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    this.limit = limit;
    return this;
  }

  /** Skips the first {@code offset} matching rows. */
  public FindQuery<T> offset(int offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    this.offset = offset;
    return this;
  }

  /**
   * Allows reads the sizing policy refuses otherwise: no limit, sorting after reading, counting
   * a whole table. The transaction limits still apply.
   */
  public FindQuery<T> allowFullScan() {
    this.allowFullScan = true;
    return this;
  }

  /**
   * Reads {@code index} in the range {@code range} describes, instead of the planner's choice;
   * the range must obey the same rules, and the {@code where} still runs on every row read.
   */
  public FindQuery<T> withIndex(String index, UnaryOperator<IndexRangeBuilder> range) {
    this.explicit = new Planner.ExplicitIndex(index,
        range.apply(new IndexRangeBuilder()).expressions());
    return this;
  }

  /** Reads the whole of {@code index}, in its order. */
  public FindQuery<T> withIndex(String index) {
    return withIndex(index, r -> r);
  }

  /**
   * Returns rows of only these fields (entity properties or document fields), as maps keyed by
   * the names given, with Java values; relations loaded by {@code with} are entries too.
   */
  public FindQuery<Map<String, @Nullable Object>> columns(String... fields) {
    FilterResolver resolver = resolver();
    Map<String, String> columns = new LinkedHashMap<>();
    for (String name : fields) {
      columns.put(name, resolver.field(name));
    }
    return copy(RowShape.columns(columns));
  }

  /**
   * Returns rows as {@link Row}s: each document with the relations {@code with} loads for it.
   * The way to read documents with relations, since a {@link Document} holds none.
   */
  public FindQuery<Row> rows() {
    return copy(RowShape.rows());
  }

  private <U> FindQuery<U> copy(RowShape<U> newShape) {
    FindQuery<U> copy = new FindQuery<>(orm, table, newShape);
    copy.where = where;
    copy.orderBy = orderBy;
    copy.limit = limit;
    copy.offset = offset;
    copy.allowFullScan = allowFullScan;
    copy.explicit = explicit;
    copy.with.addAll(with);
    copy.relationMaxKeys = relationMaxKeys;
    copy.relationMaxDepth = relationMaxDepth;
    return copy;
  }

  /**
   * Loads relation {@code relation} of every row read, with its defaults (a {@code many} then
   * needs a default limit on its table). Rows are entities (their relation property is set),
   * {@link Row}s ({@link #rows()}) or maps ({@link #columns}); relations are read in batches, one
   * read per relation level for all rows together.
   */
  public FindQuery<T> with(String relation) {
    return with(relation, r -> r);
  }

  /**
   * Loads relation {@code relation} of every row read, as {@code spec} says:
   * {@code with("posts", p -> p.where(eq("published", true)).orderBy(Sort.desc("publishedAt"))
   * .limit(5).with("comments", c -> c.limit(3)))}. Where, order, offset and limit apply per
   * parent. Replaces an earlier {@code with} of the same relation.
   */
  public FindQuery<T> with(String relation, UnaryOperator<RelationQuery> spec) {
    RelationQuery query = spec.apply(new RelationQuery(relation));
    for (int i = 0; i < with.size(); i++) {
      if (with.get(i).relation().equals(relation)) {
        with.set(i, query);
        return this;
      }
    }
    with.add(query);
    return this;
  }

  /**
   * Caps the distinct lookup keys of every relation level of this query (instead of the ORM's
   * {@link OrmSettings#relationMaxKeys()}, default 1000).
   */
  public FindQuery<T> relationMaxKeys(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("relationMaxKeys must be at least 1, got " + maxKeys);
    }
    this.relationMaxKeys = maxKeys;
    return this;
  }

  /**
   * Caps how deep this query's {@code with} may nest (instead of the ORM's
   * {@link OrmSettings#relationMaxDepth()}, default 10).
   */
  public FindQuery<T> relationMaxDepth(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("relationMaxDepth must be at least 1, got " + maxDepth);
    }
    this.relationMaxDepth = maxDepth;
    return this;
  }

  /** Returns the plan the query would run, without reading. */
  public QueryPlan explain() {
    return plan(limit == null ? table.defaultLimit() : limit);
  }

  /**
   * Returns how the query would load its relations, checked against the guardrails, without
   * reading: the index of every relation read, the per-parent order and limit, the key caps.
   *
   * @throws dev.betterconvex.orm.relation.RelationGuardrailException as the terminal call would
   */
  public RelationPlan explainRelations() {
    return relationPlan();
  }

  private RelationPlan relationPlan() {
    OrmSettings settings = orm.settings();
    if (relationMaxKeys != null) {
      settings = settings.withRelationMaxKeys(relationMaxKeys);
    }
    if (relationMaxDepth != null) {
      settings = settings.withRelationMaxDepth(relationMaxDepth);
    }
    RelationPlan plan = orm.relations().plan(table, with, settings);
    shape.check(plan, table.name());
    return plan;
  }

  /** Turns documents read into the query's rows, loading their relations first. */
  private List<T> rows(DatabaseReader db, RelationPlan relations, List<Document> docs) {
    return shape.readAll(orm.relations().load(db, relations, docs));
  }

  /**
   * Returns the matching rows.
   *
   * @throws UnboundedQueryException when no limit, default limit or allowFullScan bounds it,
   *     or when it must sort after reading without allowFullScan
   */
  public List<T> findMany() {
    return orm.observe(table.name(), "findMany", o -> findManyObserved());
  }

  private List<T> findManyObserved() {
    Integer effective = limit != null ? limit : table.defaultLimit();
    if (effective == null && !allowFullScan) {
      throw new UnboundedQueryException("findMany on table \"" + table.name() + "\" is unbounded: "
          + "give it a limit(n), declare a default limit on the table (@Table(defaultLimit = ...) "
          + "or defaultLimit(n) in the schema builder), or call allowFullScan()");
    }
    QueryPlan plan = checkedPlan(effective);
    return read(plan);
  }

  /** Returns the first matching row, or empty. */
  public Optional<T> findFirst() {
    return orm.observe(table.name(), "findFirst", o -> findFirstObserved());
  }

  private Optional<T> findFirstObserved() {
    List<T> rows = read(checkedPlan(1));
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * Returns the first matching row.
   *
   * @throws EmptyResultDataAccessException when none matches, naming the table
   */
  public T findFirstOrThrow() {
    return findFirst().orElseThrow(() -> new EmptyResultDataAccessException("No row of table \""
        + table.name() + "\" matches " + where, 1));
  }

  /**
   * Returns the only row matching equalities on {@code _id} or on every field of a unique
   * constraint, or empty.
   *
   * @throws InvalidDataAccessApiUsageException when the filter does not pin {@code _id} or a
   *     whole unique constraint (checked before reading)
   * @throws IncorrectResultSizeDataAccessException when more than one row matches
   */
  public Optional<T> findUnique() {
    return orm.observe(table.name(), "findUnique", o -> findUniqueObserved());
  }

  private Optional<T> findUniqueObserved() {
    Filter resolved = resolvedWhere(resolver());
    requireUniqueKey(resolved);
    List<T> rows = read(checkedPlan(2));
    if (rows.size() > 1) {
      throw new IncorrectResultSizeDataAccessException("findUnique on table \"" + table.name()
          + "\" matched more than one row for " + where, 1, rows.size());
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * Counts the matching rows (limit and offset ignored).
   *
   * @throws UnboundedQueryException when the count would read the whole table without
   *     allowFullScan
   */
  public long count() {
    return orm.observe(table.name(), "count", o -> countObserved());
  }

  private long countObserved() {
    QueryPlan plan = plan(null);
    if (plan.fullScan() && !allowFullScan) {
      throw new UnboundedQueryException("count on table \"" + table.name() + "\" would read the "
          + "whole table: filter on indexed fields, or call allowFullScan()");
    }
    observe(plan);
    Predicate<Document> allowed = orm.readRestriction(table.name()).rows();
    return engine.query(db -> QueryExecutor.count(db, plan, allowed));
  }

  /**
   * Returns one page of the query, in Convex's shape. Rows the filter drops still advance the
   * cursor, so a page is filled until it holds {@code numItems} rows or its read budget is
   * spent. The order must be one an index serves.
   *
   * @throws dev.betterconvex.orm.store.InvalidCursorException when a cursor was altered, is
   *     truncated, or belongs to another query
   */
  public PaginationResult<T> paginate(PaginationOptions options) {
    return orm.observe(table.name(), "paginate", o -> paginateObserved(options));
  }

  private PaginationResult<T> paginateObserved(PaginationOptions options) {
    return paged(options, false).result();
  }

  /**
   * Returns one window of the query for Spring Data keyset scrolling: start with
   * {@code ScrollPosition.keyset()}, continue with {@code window.positionAt(i)}. Each position
   * carries an opaque cursor under the key {@code "cursor"}; only forward scrolling is
   * supported.
   */
  public Window<T> scroll(ScrollPosition position, int size) {
    return orm.observe(table.name(), "scroll", o -> scrollObserved(position, size));
  }

  private Window<T> scrollObserved(ScrollPosition position, int size) {
    String cursor = null;
    if (position instanceof KeysetScrollPosition keyset) {
      if (keyset.scrollsBackward()) {
        throw new InvalidDataAccessApiUsageException("Backward scrolling is not supported: "
            + "cursors only move forward in the query's order (reverse the orderBy instead)");
      }
      Object value = keyset.getKeys().get("cursor");
      if (value != null && !(value instanceof String)) {
        throw new InvalidDataAccessApiUsageException("The keyset position's \"cursor\" must be "
            + "a cursor string, got " + value);
      }
      cursor = (String) value;
    }
    else {
      throw new InvalidDataAccessApiUsageException("Only keyset scrolling is supported "
          + "(ScrollPosition.keyset()); offset scrolling would not stay stable while data "
          + "changes, got " + position);
    }
    Paged<T> paged = paged(PaginationOptions.first(size).after(cursor), true);
    List<String> cursors = paged.cursors();
    return Window.from(paged.result().page(),
        i -> ScrollPosition.forward(Map.of("cursor", cursors.get(i))), !paged.result().isDone());
  }

  private record Paged<T>(PaginationResult<T> result, List<String> cursors) {
  }

  /** Reads one page; the cursor of every row of it only when {@code rowCursors} (scroll). */
  private Paged<T> paged(PaginationOptions options, boolean rowCursors) {
    if (offset > 0) {
      throw new InvalidDataAccessApiUsageException("offset cannot be combined with cursor "
          + "pagination: cursors already say where a page starts");
    }
    QueryPlan plan = plan(null);
    if (plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw new UnboundedQueryException("paginate on table \"" + table.name() + "\" needs an "
          + "order an index serves; orderBy " + plan.orderBy() + " is not served by index "
          + plan.index() + ". Add an index that serves it" + suggestion(plan));
    }
    RelationPlan relations = relationPlan();
    observe(plan);
    Paginator paginator = new Paginator(plan, engine.cursors());
    Predicate<Document> allowed = orm.readRestriction(table.name()).rows();
    Paginator.Position from = paginator.position(options.cursor());
    Paginator.Position end = paginator.position(options.endCursor());
    int budget = options.maximumRowsRead() != null ? options.maximumRowsRead()
        : engine.settings().limits().maxDocumentsScanned();
    return engine.query(db -> {
      Iterator<Paginator.Read> reads = paginator.read(db, from,
          end != null ? 256 : options.numItems());
      Iterator<PageFiller.Step<byte[], Document>> steps = QueryStream.mapped(reads, read ->
          new PageFiller.Step<>(read.suffix(), plan.postFilter().matches(read.document())
              && allowed.test(read.document()), read.document()));
      PageFiller.Filled<byte[], Document> filled = PageFiller.fill(steps, options, end != null,
          suffix -> paginator.beyond(suffix, end), budget);
      String continueCursor = end != null ? options.endCursor()
          : paginator.cursor(new Paginator.Position(filled.exhausted() ? null : filled.last()));
      String splitCursor = filled.split() == null ? null
          : paginator.cursor(new Paginator.Position(filled.split()));
      List<String> cursors = new ArrayList<>();
      if (rowCursors) {
        for (byte[] position : filled.pagePositions()) {
          cursors.add(paginator.cursor(new Paginator.Position(position)));
        }
      }
      return new Paged<>(new PaginationResult<>(rows(db, relations, filled.page()),
          filled.exhausted(), continueCursor, splitCursor, filled.status()), cursors);
    });
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
    RowLevelSecurity.ReadRestriction restriction = orm.readRestriction(table.name());
    @Nullable Predicate<Document> allowed = restriction.isNone() ? null : restriction.rows();
    List<T> rows = engine.query(db -> rows(db, relations, QueryExecutor.run(db, plan, allowed)));
    if (logger.isDebugEnabled()) {
      logger.debug("Query on table \"" + table.name() + "\" returned " + rows.size()
          + " rows, plan:\n" + plan);
    }
    return rows;
  }

  private QueryPlan checkedPlan(@Nullable Integer effectiveLimit) {
    QueryPlan plan = plan(effectiveLimit);
    if (plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ && !allowFullScan
        && !plan.readsNothing()) {
      throw new UnboundedQueryException("orderBy " + plan.orderBy() + " on table \""
          + table.name() + "\" is not served by index " + plan.index()
          + ": the order fields must come right after the fields pinned by equality. Add an "
          + "index that serves it" + suggestion(plan) + ", or call allowFullScan() to sort after "
          + "reading every matching row");
    }
    return plan;
  }

  private String suggestion(QueryPlan plan) {
    List<String> fields = new ArrayList<>();
    Map<String, ValueSet> constraints = Planner.constraints(plan.postFilter());
    for (Map.Entry<String, ValueSet> e : constraints.entrySet()) {
      if (e.getValue().isPoints() && !e.getKey().startsWith("_")) {
        fields.add(e.getKey());
      }
    }
    fields.sort(null);
    for (Sort s : plan.orderBy()) {
      if (!fields.contains(s.field()) && !s.field().startsWith("_")) {
        fields.add(s.field());
      }
    }
    return fields.isEmpty() ? "" : " (for example on " + fields + ")";
  }

  private QueryPlan plan(@Nullable Integer effectiveLimit) {
    FilterResolver resolver = resolver();
    RowLevelSecurity.ReadRestriction restriction = orm.readRestriction(table.name());
    Filter resolved = restriction.isNone() ? resolvedWhere(resolver)
        : resolver.resolve(Filters.and(where, restriction.filter()));
    List<Sort> sorts = new ArrayList<>();
    for (Sort s : orderBy) {
      sorts.add(new Sort(resolver.field(s.field()), s.descending()));
    }
    return Planner.plan(table, resolved, sorts, explicit == null ? null
        : new Planner.ExplicitIndex(explicit.name(), resolveRange(resolver, explicit)),
        effectiveLimit, offset, allowFullScan);
  }

  private static List<IndexRange.Expression> resolveRange(FilterResolver resolver,
      Planner.ExplicitIndex explicit) {
    List<IndexRange.Expression> result = new ArrayList<>();
    for (IndexRange.Expression e : explicit.expressions()) {
      String field = resolver.field(e.field());
      result.add(new IndexRange.Expression(e.operator(), field,
          e.value() == null ? null : resolver.coerce(field, e.value())));
    }
    return result;
  }

  /** Returns {@link #where} bound by {@code resolver}, binding it once per filter. */
  private Filter resolvedWhere(FilterResolver resolver) {
    Filter resolved = resolvedWhere;
    if (resolved == null || resolvedFrom != where) {
      resolved = resolver.resolve(where);
      resolvedWhere = resolved;
      resolvedFrom = where;
    }
    return resolved;
  }

  private FilterResolver resolver() {
    DatabaseReader db = engine.db();
    return new FilterResolver(table, (t, id) -> db.normalizeId(t, id).isPresent());
  }

  private void requireUniqueKey(Filter resolved) {
    if (resolved instanceof Filter.Constant) {
      return;
    }
    Set<String> pinned = new HashSet<>();
    List<Filter> conjuncts = resolved instanceof Filter.And and ? and.filters() : List.of(resolved);
    for (Filter f : conjuncts) {
      if (f instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
        pinned.add(c.field());
      }
    }
    if (table.isUniqueKey(pinned)) {
      return;
    }
    throw new InvalidDataAccessApiUsageException("findUnique on table \"" + table.name()
        + "\" needs eq on _id or on every field of a unique constraint "
        + table.uniqueConstraints().stream().map(u -> u.name() + u.fields()).toList()
        + "; the filter pins " + (pinned.isEmpty() ? "no field" : pinned.stream().sorted().toList())
        + ". Use findFirst for a non-unique lookup");
  }
}
