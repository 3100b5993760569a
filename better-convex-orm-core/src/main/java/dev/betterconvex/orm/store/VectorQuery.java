package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * An exact vector search over one vector index, for {@link EngineInternals#vectorSearch}.
 *
 * @param table the table
 * @param index the vector index
 * @param vector the query vector, as long as the index's dimensions
 * @param anyOf the filter in disjunctive form: a stored vector matches when, for one of the
 *     maps, each of its filter fields equals the value given (in the Convex order); an empty
 *     list matches every vector
 * @param scoring how vectors are scored
 * @param scores which scores are kept
 */
public record VectorQuery(String table, String index, float[] vector,
    List<Map<String, ConvexValue>> anyOf, VectorScoring scoring, DoublePredicate scores) {

  /** The most alternatives of {@link #anyOf}, as Convex caps vector filter clauses. */
  public static final int MAX_FILTER_ALTERNATIVES = 64;

  /** Copies the vector and the filter. */
  public VectorQuery {
    vector = vector.clone();
    anyOf = anyOf.stream().map(Map::copyOf).toList();
    if (anyOf.size() > MAX_FILTER_ALTERNATIVES) {
      throw new IllegalArgumentException("A vector filter has at most "
          + MAX_FILTER_ALTERNATIVES + " alternatives, got " + anyOf.size());
    }
  }

  /** The query vector (a copy). */
  @Override
  public float[] vector() {
    return vector.clone();
  }
}
