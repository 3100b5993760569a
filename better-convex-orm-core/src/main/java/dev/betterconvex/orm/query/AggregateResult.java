package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.AggregateSum;
import dev.betterconvex.orm.store.AggregateValues;
import dev.betterconvex.orm.value.ConvexValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The result of an {@link FindQuery#aggregate aggregate} (or one group of a
 * {@link GroupByQuery}): the row count, and the sums, averages, minimums and maximums the
 * {@link Aggregation} asked for. As in {@code findMany}, a row where a field is missing or null
 * adds nothing to that field's sum, average, minimum or maximum; with no such row they are null.
 * Asking for a figure the aggregation did not request is an error, never a silent null.
 */
public final class AggregateResult {

  private final AggregateValues values;
  private final Aggregation aggregation;
  private final UnaryOperator<String> field;

  AggregateResult(AggregateValues values, Aggregation aggregation, UnaryOperator<String> field) {
    this.values = values;
    this.aggregation = aggregation;
    this.field = field;
  }

  /** Returns the number of rows. */
  public long count() {
    return values.count();
  }

  /**
   * Returns the exact sum of {@code name} (an int64 sum never overflows, a float64 sum is the
   * exact sum of the stored doubles), or null when no row has a value.
   *
   * @throws ArithmeticException when a NaN or infinite float64 takes part ({@link #sumAsDouble})
   */
  public @Nullable BigDecimal sum(String name) {
    AggregateSum sum = sumOf(name, aggregation.sum().contains(name), "sum");
    if (sum.values() == 0) {
      return null;
    }
    if (sum.nonFinite()) {
      throw new ArithmeticException("The sum of \"" + name + "\" is " + sum.toDouble()
          + " (NaN or infinite values take part); read it with sumAsDouble");
    }
    return sum.finite();
  }

  /**
   * Returns the sum of {@code name} as a double: the exact sum rounded once, NaN or an infinity
   * when such values take part (as IEEE addition gives), or null when no row has a value.
   */
  public @Nullable Double sumAsDouble(String name) {
    AggregateSum sum = sumOf(name, aggregation.sum().contains(name), "sum");
    return sum.values() == 0 ? null : sum.toDouble();
  }

  /**
   * Returns the average of {@code name} over the rows where it is present and not null: the
   * exact sum divided by their number to 34 significant digits, as a double; NaN or an infinity
   * when such values take part; null when no row has a value.
   */
  public @Nullable Double avg(String name) {
    AggregateSum sum = sumOf(name, aggregation.avg().contains(name), "avg");
    if (sum.values() == 0) {
      return null;
    }
    if (sum.nonFinite()) {
      return sum.toDouble();
    }
    return average(sum);
  }

  static double average(AggregateSum sum) {
    return sum.finite().divide(BigDecimal.valueOf(sum.values()), MathContext.DECIMAL128)
        .doubleValue();
  }

  /** Returns the smallest present, non-null value of {@code name}, or null when there is none. */
  public @Nullable ConvexValue min(String name) {
    return extreme(name, aggregation.min().contains(name), values.min(), "min");
  }

  /** Returns the largest present, non-null value of {@code name}, or null when there is none. */
  public @Nullable ConvexValue max(String name) {
    return extreme(name, aggregation.max().contains(name), values.max(), "max");
  }

  /** The sum of {@code name} as kept, for a {@link GroupFigure} checked against the query. */
  AggregateSum exactSum(String name) {
    return values.sums().getOrDefault(field.apply(name), AggregateSum.EMPTY);
  }

  private AggregateSum sumOf(String name, boolean requested, String kind) {
    require(name, requested, kind);
    return exactSum(name);
  }

  private @Nullable ConvexValue extreme(String name, boolean requested,
      Map<String, ConvexValue> of, String kind) {
    require(name, requested, kind);
    return of.get(field.apply(name));
  }

  private void require(String name, boolean requested, String kind) {
    if (!requested) {
      throw new IllegalArgumentException(kind + "(\"" + name + "\") was not requested; the "
          + "aggregation is " + aggregation);
    }
  }

  @Override
  public String toString() {
    return "AggregateResult[count=" + values.count() + ", sums=" + values.sums() + ", min="
        + values.min() + ", max=" + values.max() + "]";
  }
}
