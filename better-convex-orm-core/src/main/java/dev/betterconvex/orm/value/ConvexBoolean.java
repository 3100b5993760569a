package dev.betterconvex.orm.value;

/** A Convex Boolean; {@code false < true}. */
public record ConvexBoolean(boolean value) implements ConvexValue {

  /** The value {@code true}. */
  public static final ConvexBoolean TRUE = new ConvexBoolean(true);

  /** The value {@code false}. */
  public static final ConvexBoolean FALSE = new ConvexBoolean(false);

  /** Returns the shared instance for {@code value}. */
  public static ConvexBoolean of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public String typeName() {
    return "boolean";
  }

  @Override
  public String toString() {
    return Boolean.toString(value);
  }
}
