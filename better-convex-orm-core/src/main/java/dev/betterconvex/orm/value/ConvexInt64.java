package dev.betterconvex.orm.value;

/** A Convex Int64. Every Int64 sorts before every Float64, and never equals one. */
public record ConvexInt64(long value) implements ConvexValue {

  @Override
  public String typeName() {
    return "int64";
  }

  @Override
  public String toString() {
    return value + "n";
  }
}
