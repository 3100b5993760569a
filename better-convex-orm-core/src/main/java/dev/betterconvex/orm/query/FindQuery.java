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
 * @param <T> the type of the rows returned
 */
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

  /**
   * Gives every row of a text search its relevance score, as {@code _score}: on a
   * {@link Document} ({@link Document#score()}, {@code get("_score")}), as an entry of the maps
   * of {@link #columns} and {@link Row#toMap()}. Needs {@link #withSearchIndex}; entities have no
   * place for it (use {@code columns(...)} or {@link #rows()}).
   */
  public FindQuery<T> includeScore() {
    return with(spec.withScore());
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
    return new FindQuery<>(orm, table, RowShape.columns(columns), spec);
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

  /** Returns the first matching row, or empty. */
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
   * Counts the matching rows (limit and offset ignored).
   *
   * @throws UnboundedQueryException when the count would read the whole table without
   *     allowFullScan
   */
  public long count() {
    return orm.observe(table.name(), "count", o -> run().count());
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
    return new FilterResolver(table, (t, id) -> db.normalizeId(t, id).isPresent());
  }
}
