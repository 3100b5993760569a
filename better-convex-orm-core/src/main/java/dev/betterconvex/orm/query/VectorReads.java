package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.VectorIndexSchema;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.VectorHit;
import dev.betterconvex.orm.store.VectorQuery;
import dev.betterconvex.orm.store.VectorScoring;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.VectorScoringFunctions;

/**
 * The read of a vector search ({@link FindQuery#vectorSearch}): checks it against the index
 * and the query, then reads the best hits' documents by id, in batches, until the limit is
 * reached with documents row-level security lets through (a hit the policy refuses is skipped,
 * the next one taken).
 *
 * @param <T> the type of the rows returned
 */
final class VectorReads<T> {

  /** The default number of results, as in Convex. */
  static final int DEFAULT_LIMIT = 10;

  /** The most results of one vector search, as in Convex. */
  static final int MAX_LIMIT = 256;

  private final ConvexOrm orm;
  private final TableSchema table;
  private final RowShape<T> shape;
  private final QuerySpec spec;
  private final VectorSearch search;
  private final VectorIndexSchema index;
  private final RowLevelSecurity.ReadRestriction restriction;
  private final @Nullable Filter filter;
  private final @Nullable List<Map<String, ConvexValue>> anyOf;

  VectorReads(ConvexOrm orm, TableSchema table, RowShape<T> shape, QuerySpec spec,
      VectorSearch search, FilterResolver resolver,
      RowLevelSecurity.ReadRestriction restriction) {
    this.orm = orm;
    this.table = table;
    this.shape = shape;
    this.spec = spec;
    this.search = search;
    this.restriction = restriction;
    this.index = table.vectorIndexes().stream().filter(v -> v.name().equals(search.index()))
        .findFirst().orElseThrow(() -> refused("table has no vector index " + search.index()
            + "; its vector indexes are " + table.vectorIndexes().stream()
            .map(VectorIndexSchema::name).toList()));
    refuseCombinations();
    if (search.vector().length != index.dimensions()) {
      throw refused("the query vector has " + search.vector().length + " dimensions; the index "
          + "has " + index.dimensions());
    }
    Filter unbound = search.filter();
    this.filter = unbound == null ? null : resolver.resolve(unbound);
    this.anyOf = filter == null ? List.of(Map.of()) : alternatives(filter);
    if (anyOf != null && anyOf.size() > VectorQuery.MAX_FILTER_ALTERNATIVES) {
      throw refused("the filter " + filter + " has " + anyOf.size() + " alternatives (each "
          + "combination of or/in values); the limit is " + VectorQuery.MAX_FILTER_ALTERNATIVES);
    }
  }

  /** The store's scoring of a Spring Data scoring function; unspecified is cosine. */
  static VectorScoring scoring(ScoringFunction function) {
    if (function instanceof VectorScoringFunctions known) {
      switch (known) {
        case COSINE:
          return VectorScoring.COSINE;
        case DOT_PRODUCT:
          return VectorScoring.DOT_PRODUCT;
        case EUCLIDEAN:
          return VectorScoring.EUCLIDEAN;
        default:
          break;
      }
    }
    else if (function.equals(ScoringFunction.unspecified())) {
      return VectorScoring.COSINE;
    }
    throw new IllegalArgumentException("Vector search scores with cosine, dotProduct or "
        + "euclidean, not " + function.getName());
  }

  /** The Spring Data function of a search's scoring (unspecified: cosine). */
  static ScoringFunction function(VectorSearch search) {
    return search.scoring().equals(ScoringFunction.unspecified())
        ? VectorScoringFunctions.COSINE : search.scoring();
  }

  /** The limit of a findMany: the query's, else 10; 1 to 256. */
  int limit() {
    Integer limit = spec.limit();
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw refused("limit " + limit + " is out of range: a vector search returns 1 to "
          + MAX_LIMIT + " results (default " + DEFAULT_LIMIT + ")");
    }
    return limit;
  }

  QueryPlan plan(int limit) {
    VectorPlan vector = new VectorPlan(index.name(), index.vectorField(), index.dimensions(),
        filter, function(search).getName().toLowerCase(java.util.Locale.ROOT),
        describe(search.scores()), shape.scored(), !restriction.isNone());
    return new QueryPlan(table.name(), index.name(), List.of(), restriction.filter(),
        List.of(), Order.DESC, QueryPlan.OrderStrategy.INDEX, false, false, limit, 0,
        "vector search", vector, null);
  }

  /** {@code all}, or the range as an interval: {@code [0.5, ∞)}, {@code (0.1, 0.9]}. */
  static String describe(Range<Double> scores) {
    Range.Bound<Double> lower = scores.getLowerBound();
    Range.Bound<Double> upper = scores.getUpperBound();
    if (!lower.isBounded() && !upper.isBounded()) {
      return "all";
    }
    return (lower.isBounded() ? (lower.isInclusive() ? "[" : "(") + lower.getValue().orElseThrow()
        : "(-∞") + ", " + (upper.isBounded() ? upper.getValue().orElseThrow()
        + (upper.isInclusive() ? "]" : ")") : "∞)");
  }

  /** Reads the best {@code limit} rows. */
  List<T> read(int limit, RelationPlan relations) {
    if (anyOf == null) {
      return List.of();
    }
    VectorQuery query = new VectorQuery(table.name(), index.name(), search.vector(), anyOf,
        scoring(search.scoring()), score -> search.scores().contains(score));
    return orm.engine().query(db -> {
      EngineInternals internals = EngineInternals.of(db);
      Iterator<VectorHit> hits = internals.vectorSearch(query, limit);
      List<Document> docs = new ArrayList<>(limit);
      List<Double> scores = new ArrayList<>(limit);
      while (docs.size() < limit && hits.hasNext()) {
        List<VectorHit> batch = new ArrayList<>();
        while (batch.size() < limit - docs.size() && hits.hasNext()) {
          batch.add(hits.next());
        }
        Map<String, Document> found = internals.getAll(table.name(),
            batch.stream().map(VectorHit::id).toList());
        for (VectorHit hit : batch) {
          Document doc = found.get(hit.id());
          if (doc != null && (restriction.isNone() || restriction.rows().test(doc))) {
            docs.add(doc);
            scores.add(hit.score());
          }
        }
      }
      double[] values = scores.stream().mapToDouble(Double::doubleValue).toArray();
      return shape.readAll(orm.relations().load(db, relations, docs), values,
          function(search));
    });
  }

  private void refuseCombinations() {
    List<String> refused = new ArrayList<>();
    if (!(spec.where() instanceof Filter.And and && and.filters().isEmpty())) {
      refused.add("where (give the filter to vectorSearch, on the index's filter fields)");
    }
    if (!spec.orderBy().isEmpty()) {
      refused.add("orderBy (results come in score order)");
    }
    if (spec.offset() > 0) {
      refused.add("offset");
    }
    if (spec.explicit() != null) {
      refused.add("withIndex");
    }
    if (spec.allowFullScan()) {
      refused.add("allowFullScan (a vector search reads every vector the filter keeps anyway)");
    }
    if (!refused.isEmpty()) {
      throw refused("it can't be combined with " + String.join(", ", refused));
    }
  }

  /**
   * The filter as alternatives, each a conjunction of equalities on filter fields; null when it
   * can match nothing.
   */
  private @Nullable List<Map<String, ConvexValue>> alternatives(Filter f) {
    if (f instanceof Filter.Constant constant) {
      return constant.value() ? List.of(Map.of()) : null;
    }
    if (f instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
      return List.of(Map.of(filterField(c.field(), f), c.value()));
    }
    if (f instanceof Filter.In in && !in.negated()) {
      String field = filterField(in.field(), f);
      return in.values().stream().map(v -> Map.of(field, v)).toList();
    }
    if (f instanceof Filter.Or or) {
      List<Map<String, ConvexValue>> result = new ArrayList<>();
      for (Filter part : or.filters()) {
        List<Map<String, ConvexValue>> alternatives = alternatives(part);
        if (alternatives != null) {
          result.addAll(alternatives);
        }
      }
      return result.isEmpty() ? null : result;
    }
    if (f instanceof Filter.And and) {
      List<Map<String, ConvexValue>> result = List.of(Map.of());
      for (Filter part : and.filters()) {
        List<Map<String, ConvexValue>> alternatives = alternatives(part);
        if (alternatives == null) {
          return null;
        }
        List<Map<String, ConvexValue>> product = new ArrayList<>();
        for (Map<String, ConvexValue> left : result) {
          for (Map<String, ConvexValue> right : alternatives) {
            Map<String, ConvexValue> both = combine(left, right);
            if (both != null) {
              product.add(both);
            }
          }
          if (product.size() > VectorQuery.MAX_FILTER_ALTERNATIVES) {
            return product;
          }
        }
        if (product.isEmpty()) {
          return null;
        }
        result = product;
      }
      return result;
    }
    throw refused("filter " + f + " is not supported: a vector filter takes eq or in on the "
        + "index's filter fields " + index.filterFields() + ", combined with or and and");
  }

  /** Both conjunctions at once, or null when they pin one field to two values. */
  private static @Nullable Map<String, ConvexValue> combine(Map<String, ConvexValue> left,
      Map<String, ConvexValue> right) {
    Map<String, ConvexValue> both = new LinkedHashMap<>(left);
    for (Map.Entry<String, ConvexValue> e : right.entrySet()) {
      ConvexValue before = both.putIfAbsent(e.getKey(), e.getValue());
      if (before != null && dev.betterconvex.orm.value.ValueOrder.compare(before, e.getValue())
          != 0) {
        return null;
      }
    }
    return both;
  }

  private String filterField(String field, Filter f) {
    if (!index.filterFields().contains(field)) {
      throw refused("field " + field + " in filter " + f + " is not a filter field of the index "
          + "(filter fields: " + index.filterFields() + ")");
    }
    return field;
  }

  private InvalidDataAccessApiUsageException refused(String problem) {
    return new InvalidDataAccessApiUsageException("Vector search of " + table.name() + "."
        + search.index() + " refused: " + problem);
  }

  /** Refusals of terminal calls a vector search does not have. */
  static InvalidDataAccessApiUsageException unsupported(TableSchema table, VectorSearch search,
      String call) {
    return new InvalidDataAccessApiUsageException("Vector search of " + table.name() + "."
        + search.index() + " refused: " + call + " is not supported with a vector search "
        + "(use findMany or findFirst; results are at most " + MAX_LIMIT + ")");
  }
}
