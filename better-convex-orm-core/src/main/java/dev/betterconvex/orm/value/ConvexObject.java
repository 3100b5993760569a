package dev.betterconvex.orm.value;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Convex Object: fields in sorted name order (Java {@code String} order equals UTF-8 byte
 * order for the ASCII names Convex allows). Immutable.
 */
public record ConvexObject(SortedMap<String, ConvexValue> fields) implements ConvexValue {

  /** An object with no fields. */
  public static final ConvexObject EMPTY = new ConvexObject(new TreeMap<>());

  /** Creates an object holding an immutable sorted copy of {@code fields}. */
  public ConvexObject {
    fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
  }

  /** Returns an object with the given fields. */
  public static ConvexObject of(Map<String, ConvexValue> fields) {
    return new ConvexObject(new TreeMap<>(fields));
  }

  /** Returns the value of {@code field}, or {@code null} when the field is missing. */
  public @Nullable ConvexValue get(String field) {
    return fields.get(field);
  }

  @Override
  public String typeName() {
    return "object";
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
