package dev.betterconvex.orm.value;

import java.util.Objects;

/**
 * A Convex String: valid Unicode (no unpaired surrogate). Strings compare by their UTF-8 bytes,
 * not by Java's UTF-16 units.
 */
public record ConvexString(String value) implements ConvexValue {

  /**
   * Creates a string value.
   *
   * @throws IllegalArgumentException if {@code value} contains an unpaired surrogate, which
   *     Convex rejects because it has no UTF-8 encoding
   */
  public ConvexString {
    Objects.requireNonNull(value, "value");
    int bad = Utf8.unpairedSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(String.format(
          "Convex strings must be valid Unicode, found an unpaired surrogate U+%04X at index %d",
          (int) value.charAt(bad), bad));
    }
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
