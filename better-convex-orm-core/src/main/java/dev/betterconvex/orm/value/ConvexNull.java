package dev.betterconvex.orm.value;

/** The Convex {@code null}. Use {@link #INSTANCE}. */
public enum ConvexNull implements ConvexValue {
  /** The only null value. */
  INSTANCE;

  @Override
  public String typeName() {
    return "null";
  }

  @Override
  public String toString() {
    return "null";
  }
}
