package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import org.jspecify.annotations.Nullable;

/**
 * How a vector search reads, part of its {@link QueryPlan}: an exact search of every stored
 * vector of the index that the filter keeps (in the database, on the filter fields), scored in
 * Java, the best {@code limit} kept; then their documents are read by id and row-level
 * security is checked on each.
 *
 * @param index the vector index
 * @param vectorField the field holding the vectors
 * @param dimensions the vector length
 * @param filter the filter on the filter fields, bound to the table, or null for none
 * @param scoring the scoring function's name
 * @param scores the range of scores kept, as text ({@code all}, {@code [0.5, ∞)}, ...)
 * @param includeScore whether each row carries its score
 * @param rowLevelSecurity whether a read policy is checked on every document read
 */
public record VectorPlan(String index, String vectorField, int dimensions,
    @Nullable Filter filter, String scoring, String scores, boolean includeScore,
    boolean rowLevelSecurity) {
}
