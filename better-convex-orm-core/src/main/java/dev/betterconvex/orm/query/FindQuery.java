package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.FilterInternals;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.relation.OrmSettings;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.RelationQuery;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexRangeBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.lang.CheckReturnValue;

/**
 * A read over one table, in the vocabulary of the TypeScript ORM: {@code where},
 * {@code orderBy}, {@code limit}, {@code offset}, {@code columns}, {@code with},
 * {@code withIndex}, {@code allowFullScan}, then {@code findMany}, {@code findFirst},
 * {@code findFirstOrThrow}, {@code findUnique}, {@code paginate}, {@code scroll}, {@code count}
 * or {@code explain}. Each terminal call plans the query and its relations, applies the sizing
 * policy and the relation guardrails before reading, and reads inside the current transaction
 * (or a read-only one of its own). A query is immutable: every builder call returns a new one
 * and leaves this one as it was, so a query can be shared, extended and run many times.
 *
 * <p>Every method's result must be used ({@code @CheckReturnValue}, which IntelliJ IDEA and
 * Error Prone report): {@code query.where(...);} on its own line changes nothing.
 *
 * @param <T> the type of the rows returned
 */
@CheckReturnValue
public final class FindQuery<T> {

  private final ConvexOrm orm;
  private final TableSchema table;
  private final RowShape<T> shape;
  private final QuerySpec spec;
  /** The spec's {@code where} bound to the table, once (the query is immutable). */
  private @Nullable Filter boundWhere;

  FindQuery(ConvexOrm orm, TableSchema table, RowShape<T> shape) {
    this(orm, table, shape, QuerySpec.ALL);
  }

  private FindQuery(ConvexOrm orm, TableSchema table, RowShape<T> shape, QuerySpec spec) {
    this.orm = orm;
    this.table = table;
    this.shape = shape;
    this.spec = spec;
  }

  private FindQuery<T> with(QuerySpec newSpec) {
    return new FindQuery<>(orm, table, shape, newSpec);
  }

  /** Keeps the rows matching {@code filter}; several calls combine with {@code and}. */
  public FindQuery<T> where(Filter filter) {
    return with(spec.andWhere(filter));
  }

  /** Orders the rows; without it they come in the chosen index's order, descending. */
  public FindQuery<T> orderBy(Sort... sorts) {
    return with(spec.withOrderBy(List.of(sorts)));
  }

  /** Returns at most {@code limit} rows. */
  public FindQuery<T> limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    return with(spec.withLimit(limit));
  }

  /** Skips the first {@code offset} matching rows. */
  public FindQuery<T> offset(int offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    return with(spec.withOffset(offset));
  }

  /**
   * Allows reads the sizing policy refuses otherwise: no limit, sorting after reading, counting
   * a whole table. The transaction limits still apply.
   */
  public FindQuery<T> allowFullScan() {
    return with(spec.allowingFullScan());
  }

  /**
   * Reads {@code index} in the range {@code range} describes, instead of the planner's choice;
   * the range must obey the same rules, and the {@code where} still runs on every row read.
   */
  public FindQuery<T> withIndex(String index, UnaryOperator<IndexRangeBuilder> range) {
    return with(spec.withExplicit(new Planner.ExplicitIndex(index,
        range.apply(new IndexRangeBuilder()).expressions())));
  }

  /**
   * Searches the text of search index {@code index}, as Convex's {@code withSearchIndex}:
   * {@code withSearchIndex("search_body", q -> q.search("body", "hello wor").eq("authorId", a))}.
   * Rows come in relevance order (BM25, ties by id), at most 1,024 per search; the last term
   * also matches as a prefix; equalities only on the index's filter fields. A {@code where}
   * still runs on every result, and row-level security applies; {@code orderBy} and
   * {@code withIndex} cannot be combined with it. See {@code docs/search.md}.
   */
  public FindQuery<T> withSearchIndex(String index, UnaryOperator<SearchFilter> search) {
    return with(spec.withSearch(index, search.apply(new SearchFilter())));
  }

  /** Reads the whole of {@code index}, in its order. */
  public FindQuery<T> withIndex(String index) {
    return withIndex(index, r -> r);
  }

  /**
   * Returns rows of only these fields (entity properties or document fields), as maps keyed by
   * the names given, with Java values; relations loaded by {@code with} are entries too. After
   * {@link #includeScore()}, each map holds the row's score under {@code _score}.
   */
  public FindQuery<Map<String, @Nullable Object>> columns(String... fields) {
    FilterResolver resolver = resolver();
    Map<String, String> columns = new LinkedHashMap<>();
    for (String name : fields) {
      columns.put(name, resolver.field(name));
    }
    return new FindQuery<>(orm, table, RowShape.columns(columns, shape.scored()), spec);
  }

  /**
   * Makes this query a vector search of {@code index} (declared with {@code @VectorIndex} or
   * {@code vectorIndex(...)}) for the vectors closest to {@code vector} by cosine similarity:
   * the rows come best first (ties by {@code _id}), at most {@code limit} (1 to 256, default 10).
   * The search is exact, sees the current transaction's writes, and row-level security is
   * checked on every row; {@code with} loads relations. {@code where}, {@code orderBy},
   * {@code offset}, {@code withIndex}, {@code allowFullScan}, pagination, {@code count} and
   * {@code findUnique} are refused with it.
   */
  public FindQuery<T> vectorSearch(String index, float[] vector) {
    return vectorSearch(VectorSearch.of(index, vector));
  }

  /**
   * Like {@link #vectorSearch(String, float[])}, keeping only the vectors whose documents match
   * {@code filter}: {@code eq} or {@code in} on the index's filter fields, combined with
   * {@code or} and {@code and}; any other filter is refused, naming the field and the index.
   */
  public FindQuery<T> vectorSearch(String index, float[] vector, Filter filter) {
    return vectorSearch(VectorSearch.of(index, vector).filter(filter));
  }

  /**
   * Makes this query the vector search {@code search} describes (index, vector, filter,
   * scoring function, scores kept); see {@link #vectorSearch(String, float[])}.
   */
  public FindQuery<T> vectorSearch(VectorSearch search) {
    return with(spec.withVector(search));
  }

  /**
   * Returns each row of a search with its score, as Spring Data's
   * {@link org.springframework.data.domain.SearchResult}: the similarity of a
   * {@link #vectorSearch} (the score's function is the search's), the BM25 relevance of a
   * {@link #withSearchIndex} text search (function unspecified; the document also carries it,
   * {@link Document#score()}). Without it rows carry no score. {@link #columns} and
   * {@link Row#toMap()} keep the score as a {@code _score} entry. Only a search has scores:
   * another query with it is refused when it runs.
   */
  public FindQuery<org.springframework.data.domain.SearchResult<T>> includeScore() {
    if (shape.scored()) {
      throw new InvalidDataAccessApiUsageException("includeScore() was already called on this "
          + "query of table \"" + table.name() + "\"");
    }
    return new FindQuery<>(orm, table, RowShape.scored(shape), spec.withScore());
  }

  /**
   * Returns rows as {@link Row}s: each document with the relations {@code with} loads for it.
   * The way to read documents with relations, since a {@link Document} holds none.
   */
  public FindQuery<Row> rows() {
    return new FindQuery<>(orm, table, RowShape.rows(), spec);
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
    return with(this.spec.withRelation(spec.apply(new RelationQuery(relation))));
  }

  /** Counts relation {@code relation} of every row read, as {@code withCount(relation, r -> r)}. */
  public FindQuery<T> withCount(String relation) {
    return withCount(relation, r -> r);
  }

  /**
   * Counts the rows of {@code many} relation {@code relation} of every row read, Drizzle's
   * {@code with: { _count: { posts: { where } } }}: {@code withCount("posts", p ->
   * p.where(eq("published", true)))}. The counts are read from an aggregate index of the related
   * table whose leading {@code on} fields are the relation's foreign key (and the fields the
   * {@code where} pins), in one read for all rows; without one the query fails naming the index
   * to declare, unless the count says {@code allowFullScan()}. They appear as
   * {@link Row#count}, under {@code _count} of {@code columns(...)} maps, and in the entity's
   * {@code @RelationCount} property. Replaces an earlier count of the same relation.
   */
  public FindQuery<T> withCount(String relation, UnaryOperator<RelationQuery> spec) {
    return with(this.spec.withRelation(spec.apply(RelationQuery.count(relation))));
  }

  /**
   * Caps the distinct lookup keys of every relation level of this query (instead of the ORM's
   * {@link OrmSettings#relationMaxKeys()}, default 1000).
   */
  public FindQuery<T> relationMaxKeys(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("relationMaxKeys must be at least 1, got " + maxKeys);
    }
    return with(spec.withRelationMaxKeys(maxKeys));
  }

  /**
   * Caps how deep this query's {@code with} may nest (instead of the ORM's
   * {@link OrmSettings#relationMaxDepth()}, default 10).
   */
  public FindQuery<T> relationMaxDepth(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("relationMaxDepth must be at least 1, got " + maxDepth);
    }
    return with(spec.withRelationMaxDepth(maxDepth));
  }

  /** Returns the plan the query would run, without reading. */
  public QueryPlan explain() {
    return run().explain();
  }

  /**
   * Returns how the query would load its relations, checked against the guardrails, without
   * reading: the index of every relation read, the per-parent order and limit, the key caps.
   *
   * @throws dev.betterconvex.orm.relation.RelationGuardrailException as the terminal call would
   */
  public RelationPlan explainRelations() {
    return run().relationPlan();
  }

  /**
   * Returns the matching rows.
   *
   * @throws UnboundedQueryException when no limit, default limit or allowFullScan bounds it,
   *     or when it must sort after reading without allowFullScan
   */
  public List<T> findMany() {
    return orm.observe(table.name(), "findMany", o -> run().findMany());
  }

  /** Returns the first matching row (of a vector search: the best), or empty. */
  public Optional<T> findFirst() {
    return orm.observe(table.name(), "findFirst", o -> run().findFirst());
  }

  /**
   * Returns the first matching row.
   *
   * @throws EmptyResultDataAccessException when none matches, naming the table
   */
  public T findFirstOrThrow() {
    return findFirst().orElseThrow(() -> new EmptyResultDataAccessException("No row of table \""
        + table.name() + "\" matches " + spec.where(), 1));
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
    return orm.observe(table.name(), "findUnique", o -> run().findUnique());
  }

  /**
   * Counts the matching rows (limit and offset ignored). On a table that declares aggregate
   * indexes (and without {@code withIndex}) the count comes from an aggregate index, as
   * {@link #aggregate} reads it, or, with {@code allowFullScan()}, from the rows when none serves
   * the filter; on other tables it reads the matching rows.
   *
   * @throws UnboundedQueryException when the count would read the whole table without
   *     allowFullScan
   * @throws AggregateIndexRequiredException on a table with aggregate indexes, when none serves
   *     the filter and the row-level security policies, without allowFullScan
   */
  public long count() {
    return orm.observe(table.name(), "count", o -> run().count());
  }

  /**
   * Computes the row count and the figures of {@code aggregation} over the matching rows from
   * an aggregate index (limit and offset ignored): the filter, with the caller's row-level
   * security policies, must be equalities ({@code eq}, {@code in}, {@code isNull},
   * {@code isMissing}) on the leading {@code on} fields of an aggregate index that keeps those
   * figures. It reads one bucket row per combination of pinned values (every bucket under it
   * when fewer than all {@code on} fields are pinned) and one entry per min/max field, never the
   * rows; with {@code allowFullScan()} a filter no aggregate index serves reads the rows instead.
   *
   * @throws AggregateIndexRequiredException when no aggregate index serves the filter, the
   *     policies or the figures, without allowFullScan
   * @throws dev.betterconvex.orm.store.IndexNotReadyException when the aggregate index is
   *     still being built
   */
  public AggregateResult aggregate(Aggregation aggregation) {
    return orm.observe(table.name(), "aggregate", o -> run().aggregate(aggregation));
  }

  /**
   * Starts a group-by over {@code fields}: every one must be pinned by the filter ({@code eq}
   * or {@code in}), so the groups are a finite set of aggregate index buckets.
   */
  public GroupByQuery groupBy(String... fields) {
    return new GroupByQuery(List.of(fields), orm, table.name(), this::run);
  }

  /**
   * Reads the rank index {@code index} of the table: the {@code where} (with the caller's
   * row-level security policies) must pin exactly the index's {@code partitionBy} fields with
   * {@code eq}; the returned {@link RankQuery} answers ranks, offsets, count and sum of that
   * partition in logarithmic time (see docs/aggregates.md, "Rank indexes").
   *
   * @throws IllegalArgumentException when the table has no rank index {@code index}
   */
  public RankQuery<T> rank(String index) {
    var unused = RankReads.declared(table, index);
    return new RankQuery<>(table.name(), index, orm, () -> run().rank(index));
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
    return orm.observe(table.name(), "paginate", o -> run().paged(options).result());
  }

  /**
   * Returns one window of the query for Spring Data keyset scrolling: start with
   * {@code ScrollPosition.keyset()}, continue with {@code window.positionAt(i)}. Each position
   * carries an opaque cursor under the key {@code "cursor"}; only forward scrolling is
   * supported.
   */
  public Window<T> scroll(ScrollPosition position, int size) {
    return orm.observe(table.name(), "scroll",
        o -> ScrollWindows.window(position, size, options -> run().paged(options)));
  }

  /** Plans {@code count()} without reading (see {@link OrmInternals#checkCount}). */
  @Nullable String countIndex() {
    return run().countIndex();
  }

  /** The executor of one terminal call. */
  private QueryRun<T> run() {
    FilterResolver resolver = resolver();
    return new QueryRun<>(orm, table, shape, spec, resolver, () -> boundWhere(resolver));
  }

  /** Returns the spec's {@code where} bound by {@code resolver}, binding it once per query. */
  private Filter boundWhere(FilterResolver resolver) {
    Filter bound = boundWhere;
    if (bound == null) {
      bound = resolver.resolve(spec.where());
      boundWhere = bound;
    }
    return bound;
  }

  private FilterResolver resolver() {
    DatabaseReader db = orm.engine().db();
    return FilterInternals.resolver(table, (t, id) -> db.normalizeId(t, id).isPresent());
  }
}
