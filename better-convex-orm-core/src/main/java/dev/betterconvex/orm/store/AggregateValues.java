package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an aggregate index holds for some of its buckets: the row count, the sum of every
 * {@code sum} field, and the smallest and largest present, non-null value of every {@code min}
 * and {@code max} field (absent from the maps when no row has one).
 *
 * @param count the rows
 * @param sums per {@code sum} field, its sum
 * @param min per {@code min} field with a value, the smallest (in the Convex order)
 * @param max per {@code max} field with a value, the largest
 */
public record AggregateValues(long count, Map<String, AggregateSum> sums,
    Map<String, ConvexValue> min, Map<String, ConvexValue> max) {

  /** Copies the maps. */
  public AggregateValues {
    sums = Map.copyOf(sums);
    min = Map.copyOf(min);
    max = Map.copyOf(max);
  }

  /** Returns the values of the union of both bucket sets (which must not overlap). */
  public AggregateValues plus(AggregateValues other) {
    Map<String, AggregateSum> s = new LinkedHashMap<>(sums);
    other.sums.forEach((field, sum) -> s.merge(field, sum, AggregateSum::plus));
    Map<String, ConvexValue> lo = new LinkedHashMap<>(min);
    other.min.forEach((field, v) -> lo.merge(field, v,
        (a, b) -> ValueOrder.compare(a, b) <= 0 ? a : b));
    Map<String, ConvexValue> hi = new LinkedHashMap<>(max);
    other.max.forEach((field, v) -> hi.merge(field, v,
        (a, b) -> ValueOrder.compare(a, b) >= 0 ? a : b));
    return new AggregateValues(count + other.count, s, lo, hi);
  }
}
