package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;

import dev.betterconvex.orm.relation.RelationQuery;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FindQuery} asks for, immutable: every builder call makes a new specification,
 * as spring-data-relational's {@code Query} does, and {@link QueryRun} runs it.
 *
 * @param where the filter, unbound (entity property names, Java literals)
 * @param orderBy the requested order, empty for the index order
 * @param limit the limit, or null for the table's default
 * @param offset how many matching rows to skip
 * @param allowFullScan whether reads the sizing policy refuses are allowed
 * @param explicit the index and range {@code withIndex} chose, or null for the planner's choice
 * @param with the relations to load
 * @param relationMaxKeys the key cap of every relation level, or null for the ORM's
 * @param relationMaxDepth how deep {@code with} may nest, or null for the ORM's
 * @param vector the vector search, or null for an index read
 * @param searching the text search {@code withSearchIndex} asked for, and whether rows carry
 *     their score
 */
record QuerySpec(Filter where, List<Sort> orderBy, @Nullable Integer limit, int offset,
    boolean allowFullScan, Planner.@Nullable ExplicitIndex explicit, List<RelationQuery> with,
    @Nullable Integer relationMaxKeys, @Nullable Integer relationMaxDepth,
    @Nullable VectorSearch vector, Searching searching) {

  /**
   * A text search: the search index and what it looks for (null index: no search), and
   * whether each row carries its relevance score.
   */
  record Searching(@Nullable String index, @Nullable SearchFilter filter, boolean includeScore) {

    static final Searching NONE = new Searching(null, null, false);
  }

  QuerySpec withSearch(String index, SearchFilter filter) {
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, vector,
        new Searching(index, filter, searching.includeScore()));
  }

  QuerySpec withScore() {
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, vector,
        new Searching(searching.index(), searching.filter(), true));
  }

  /** Everything, in the index order, with the table's default limit. */
  static final QuerySpec ALL = new QuerySpec(new Filter.And(List.of()), List.of(), null, 0, false,
      null, List.of(), null, null, null, Searching.NONE);

  QuerySpec {
    orderBy = List.copyOf(orderBy);
    with = List.copyOf(with);
  }

  QuerySpec andWhere(Filter filter) {
    Filter combined = where instanceof Filter.And and && and.filters().isEmpty() ? filter
        : Filters.and(where, filter);
    return new QuerySpec(combined, orderBy, limit, offset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, vector, searching);
  }

  QuerySpec withOrderBy(List<Sort> sorts) {
    return new QuerySpec(where, sorts, limit, offset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, vector, searching);
  }

  QuerySpec withLimit(int newLimit) {
    return new QuerySpec(where, orderBy, newLimit, offset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, vector, searching);
  }

  QuerySpec withOffset(int newOffset) {
    return new QuerySpec(where, orderBy, limit, newOffset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, vector, searching);
  }

  QuerySpec allowingFullScan() {
    return new QuerySpec(where, orderBy, limit, offset, true, explicit, with, relationMaxKeys,
        relationMaxDepth, vector, searching);
  }

  QuerySpec withExplicit(Planner.ExplicitIndex index) {
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, index, with,
        relationMaxKeys, relationMaxDepth, vector, searching);
  }

  /** Adds {@code query}, replacing an earlier one of the same relation in its place. */
  QuerySpec withRelation(RelationQuery query) {
    List<RelationQuery> relations = new ArrayList<>(with);
    boolean replaced = false;
    for (int i = 0; i < relations.size() && !replaced; i++) {
      if (relations.get(i).relation().equals(query.relation())
          && relations.get(i).isCount() == query.isCount()) {
        relations.set(i, query);
        replaced = true;
      }
    }
    if (!replaced) {
      relations.add(query);
    }
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, explicit, relations,
        relationMaxKeys, relationMaxDepth, vector, searching);
  }

  QuerySpec withVector(VectorSearch search) {
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, explicit, with,
        relationMaxKeys, relationMaxDepth, search, searching);
  }

  QuerySpec withRelationMaxKeys(int maxKeys) {
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, explicit, with, maxKeys,
        relationMaxDepth, vector, searching);
  }

  QuerySpec withRelationMaxDepth(int maxDepth) {
    return new QuerySpec(where, orderBy, limit, offset, allowFullScan, explicit, with,
        relationMaxKeys, maxDepth, vector, searching);
  }
}
