package dev.betterconvex.orm.value;

import java.util.List;

/** A Convex Array: an immutable list of values, indexed as one whole value. */
public record ConvexArray(List<ConvexValue> values) implements ConvexValue {

  /** Creates an array holding an immutable copy of {@code values}. */
  public ConvexArray {
    values = List.copyOf(values);
  }

  /** Returns an array of the given values. */
  public static ConvexArray of(ConvexValue... values) {
    return new ConvexArray(List.of(values));
  }

  @Override
  public String typeName() {
    return "array";
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
