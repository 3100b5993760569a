package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexValue;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The sum of one field over some rows, kept exactly: how many rows have a value (present and
 * not null), the exact decimal sum of the finite ones (an Int64 and a finite Float64 are both
 * exact decimals, so adding and removing rows in any order gives the same sum), and how many
 * values are NaN, +Infinity and -Infinity.
 *
 * @param values the rows where the field is present and not null
 * @param finite the exact sum of the finite values
 * @param nan the NaN values
 * @param positiveInfinity the +Infinity values
 * @param negativeInfinity the -Infinity values
 */
public record AggregateSum(long values, BigDecimal finite, long nan, long positiveInfinity,
    long negativeInfinity) {

  /** No values. */
  public static final AggregateSum EMPTY = new AggregateSum(0, BigDecimal.ZERO, 0, 0, 0);

  /** Returns the contribution of one row's value: none for a missing, null or non-numeric value. */
  public static AggregateSum of(@Nullable ConvexValue value) {
    if (value instanceof ConvexInt64 i) {
      return new AggregateSum(1, BigDecimal.valueOf(i.value()), 0, 0, 0);
    }
    if (value instanceof ConvexFloat64 f) {
      double d = f.value();
      if (Double.isNaN(d)) {
        return new AggregateSum(1, BigDecimal.ZERO, 1, 0, 0);
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? new AggregateSum(1, BigDecimal.ZERO, 0, 1, 0)
            : new AggregateSum(1, BigDecimal.ZERO, 0, 0, 1);
      }
      return new AggregateSum(1, new BigDecimal(d), 0, 0, 0);
    }
    return EMPTY;
  }

  /** Returns the sum of both. */
  public AggregateSum plus(AggregateSum other) {
    return new AggregateSum(values + other.values, finite.add(other.finite), nan + other.nan,
        positiveInfinity + other.positiveInfinity, negativeInfinity + other.negativeInfinity);
  }

  AggregateSum negate() {
    return new AggregateSum(-values, finite.negate(), -nan, -positiveInfinity, -negativeInfinity);
  }

  /** Returns whether a NaN or an infinite value takes part, so {@link #finite} is not the sum. */
  public boolean nonFinite() {
    return nan != 0 || positiveInfinity != 0 || negativeInfinity != 0;
  }

  /**
   * Returns the sum as a double as IEEE arithmetic would give it for any order of exact
   * additions: NaN when a NaN takes part or both infinities do, else the infinity that does, else
   * the exact sum rounded once.
   */
  public double toDouble() {
    if (nan > 0 || positiveInfinity > 0 && negativeInfinity > 0) {
      return Double.NaN;
    }
    if (positiveInfinity > 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (negativeInfinity > 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return finite.doubleValue();
  }

  String encode() {
    return values + ":" + finite.stripTrailingZeros().toString() + ":" + nan + ":"
        + positiveInfinity + ":" + negativeInfinity;
  }

  static AggregateSum decode(String text) {
    String[] parts = text.split(":", -1);
    return new AggregateSum(Long.parseLong(parts[0]), new BigDecimal(parts[1]),
        Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
  }
}
