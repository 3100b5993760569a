package dev.betterconvex.orm.value;

import java.util.Objects;

/** A Convex String. Strings compare by their UTF-8 bytes, not by Java's UTF-16 units. */
public record ConvexString(String value) implements ConvexValue {

  /** Creates a string value; {@code value} must not be null. */
  public ConvexString {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public String toString() {
    return '"' + value + '"';
  }
}
