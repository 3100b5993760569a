package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects the expressions of an index range, as Convex's {@code q.eq(...).gt(...)}. The range is
 * checked against the index when the query runs, by the same rules the ORM planner obeys: equality
 * on a prefix of the index fields, then at most one lower and one upper bound on the next field.
 * Java values are converted with {@link JavaValues#toValue}.
 */
public final class IndexRangeBuilder {

  private final List<IndexRange.Expression> expressions = new ArrayList<>();

  /** Creates an empty builder; {@code withIndex} methods hand one to their range function. */
  public IndexRangeBuilder() {
  }

  /** Restricts {@code field} to equal {@code value} (Java {@code null} is Convex {@code null}). */
  public IndexRangeBuilder eq(String field, @Nullable Object value) {
    return add(IndexRange.Operator.EQ, field, JavaValues.toValue(value));
  }

  /** Restricts {@code field} to be missing from the document (Convex's {@code eq(field, undefined)}). */
  public IndexRangeBuilder eqMissing(String field) {
    return add(IndexRange.Operator.EQ, field, null);
  }

  /** Adds the lower bound {@code field > value}. */
  public IndexRangeBuilder gt(String field, Object value) {
    return add(IndexRange.Operator.GT, field, JavaValues.toValue(value));
  }

  /** Adds the lower bound {@code field >= value}. */
  public IndexRangeBuilder gte(String field, Object value) {
    return add(IndexRange.Operator.GTE, field, JavaValues.toValue(value));
  }

  /** Adds the upper bound {@code field < value}. */
  public IndexRangeBuilder lt(String field, Object value) {
    return add(IndexRange.Operator.LT, field, JavaValues.toValue(value));
  }

  /** Adds the upper bound {@code field <= value}. */
  public IndexRangeBuilder lte(String field, Object value) {
    return add(IndexRange.Operator.LTE, field, JavaValues.toValue(value));
  }

  private IndexRangeBuilder add(IndexRange.Operator op, String field, @Nullable ConvexValue value) {
    expressions.add(new IndexRange.Expression(op, field, value));
    return this;
  }

  /** Returns the expressions collected so far, in call order. */
  public List<IndexRange.Expression> expressions() {
    return List.copyOf(expressions);
  }
}
