package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What to load of one relation, in Drizzle's {@code with} vocabulary: {@code where},
 * {@code orderBy}, {@code limit} and {@code offset} (applied per parent), {@code columns}, and a
 * nested {@code with}. Built inside {@code FindQuery.with(name, r -> r.limit(5)...)}; mutable and
 * not thread-safe, like the query it belongs to.
 *
 * <p>A {@code many} or many-to-many relation needs a bound per parent: a {@link #limit}, a
 * default limit on the related table, or {@link #allowFullScan()}. {@code orderBy},
 * {@code limit} and {@code offset} apply only to those; a {@code one} relation loads at most one
 * row.
 */
public final class RelationQuery {

  private final String relation;
  private final boolean count;
  private Filter where = Filters.and();
  private List<Sort> orderBy = List.of();
  private @Nullable Integer limit;
  private int offset;
  private @Nullable List<String> columns;
  private final List<RelationQuery> with = new ArrayList<>();
  private boolean allowFullScan;
  private @Nullable Integer maxKeys;

  /** Starts the load of {@code relation}, a relation name of the parent table. */
  public RelationQuery(String relation) {
    this(relation, false);
  }

  private RelationQuery(String relation, boolean count) {
    this.relation = Objects.requireNonNull(relation, "relation");
    this.count = count;
  }

  /**
   * Starts the count of {@code relation}, a {@code many} relation of the parent table: each
   * parent row gets the number of its related rows (after the relation's {@code where}, the
   * count's {@link #where} and row-level security), read from an aggregate index. Only
   * {@code where}, {@code allowFullScan} (count by reading the rows when no aggregate index
   * serves the count) and {@code maxKeys} apply to a count.
   */
  public static RelationQuery count(String relation) {
    return new RelationQuery(relation, true);
  }

  /** Returns whether this counts the related rows ({@code withCount}) instead of loading them. */
  public boolean isCount() {
    return count;
  }

  /** Returns the name of the relation loaded. */
  public String relation() {
    return relation;
  }

  /** Keeps the related rows matching {@code filter}; several calls combine with {@code and}. */
  public RelationQuery where(Filter filter) {
    this.where = where instanceof Filter.And and && and.filters().isEmpty() ? filter
        : Filters.and(where, filter);
    return this;
  }

  /** Orders each parent's related rows; without it they come newest first. */
  public RelationQuery orderBy(Sort... sorts) {
    this.orderBy = List.of(sorts);
    return this;
  }

  /** Loads at most {@code limit} related rows per parent. */
  public RelationQuery limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit of relation \"" + relation
          + "\" must be at least 1, got " + limit);
    }
    this.limit = limit;
    return this;
  }

  /** Skips each parent's first {@code offset} related rows. */
  public RelationQuery offset(int offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset of relation \"" + relation
          + "\" must not be negative, got " + offset);
    }
    this.offset = offset;
    return this;
  }

  /** Keeps only these fields (entity properties or document fields) in the related rows' maps. */
  public RelationQuery columns(String... fields) {
    this.columns = List.of(fields);
    return this;
  }

  /** Loads a relation of the related rows too, with its defaults. */
  public RelationQuery with(String relation) {
    return with(relation, r -> r);
  }

  /** Loads a relation of the related rows too, as {@code spec} says; replaces an earlier one. */
  public RelationQuery with(String relation, UnaryOperator<RelationQuery> spec) {
    RelationQuery nested = spec.apply(new RelationQuery(relation));
    add(with, nested);
    return this;
  }

  /**
   * Counts relation {@code relation} of the related rows too (see {@link #count}); the counts
   * appear as {@code _count} of each related row. Replaces an earlier count of the relation.
   */
  public RelationQuery withCount(String relation) {
    return withCount(relation, r -> r);
  }

  /** Counts relation {@code relation} of the related rows as {@code spec} says ({@code where}). */
  public RelationQuery withCount(String relation, UnaryOperator<RelationQuery> spec) {
    add(with, spec.apply(count(relation)));
    return this;
  }

  /**
   * Lets a {@code many} relation load every related row of each parent, with no limit; on a
   * count, lets it read the related rows when no aggregate index serves it.
   */
  public RelationQuery allowFullScan() {
    this.allowFullScan = true;
    return this;
  }

  /**
   * Raises (or lowers) the cap on the distinct lookup keys of this relation level, over the
   * query's and the ORM's {@code relationMaxKeys}.
   */
  public RelationQuery maxKeys(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys of relation \"" + relation
          + "\" must be at least 1, got " + maxKeys);
    }
    this.maxKeys = maxKeys;
    return this;
  }

  /** Adds {@code query} to {@code list}, replacing a load of the same relation in place. */
  static void add(List<RelationQuery> list, RelationQuery query) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).relation.equals(query.relation) && list.get(i).count == query.count) {
        list.set(i, query);
        return;
      }
    }
    list.add(query);
  }

  Filter whereFilter() {
    return where;
  }

  List<Sort> orderByTerms() {
    return orderBy;
  }

  @Nullable Integer limitValue() {
    return limit;
  }

  int offsetValue() {
    return offset;
  }

  @Nullable List<String> columnNames() {
    return columns;
  }

  List<RelationQuery> nested() {
    return with;
  }

  boolean fullScanAllowed() {
    return allowFullScan;
  }

  @Nullable Integer maxKeysValue() {
    return maxKeys;
  }

  boolean hasOptions() {
    return !orderBy.isEmpty() || limit != null || offset > 0 || allowFullScan;
  }

  /** Whether an option a count does not have was set: orderBy, limit, offset, columns, with. */
  boolean hasLoadOptions() {
    return !orderBy.isEmpty() || limit != null || offset > 0 || columns != null
        || !with.isEmpty();
  }

  @Override
  public String toString() {
    return (count ? "withCount " : "with ") + relation;
  }
}
