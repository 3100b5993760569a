package dev.betterconvex.orm.value;

import org.jspecify.annotations.Nullable;

/**
 * A Convex Float64. Equality and order follow IEEE total order on the raw bits, so
 * {@code -0.0} and {@code +0.0} differ and NaNs with different bits differ.
 */
public record ConvexFloat64(double value) implements ConvexValue {

  @Override
  public String typeName() {
    return "float64";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ConvexFloat64 f
        && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(Double.doubleToRawLongBits(value));
  }

  @Override
  public String toString() {
    return Double.toString(value);
  }
}
