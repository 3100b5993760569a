package dev.betterconvex.orm.value;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Convex Object: fields in sorted name order. Field names follow Convex's rules: non-empty, at
 * most 1024 non-control ASCII characters, not starting with {@code $}; for such names Java
 * {@code String} order equals UTF-8 byte order. Immutable.
 */
public record ConvexObject(SortedMap<String, ConvexValue> fields) implements ConvexValue {

  /** An object with no fields. */
  public static final ConvexObject EMPTY = new ConvexObject(new TreeMap<>());

  /**
   * Creates an object holding an immutable sorted copy of {@code fields}.
   *
   * @throws IllegalArgumentException if a field name is invalid or a value is Java {@code null}
   */
  public ConvexObject {
    // A Checked map was built by this package, every name and value checked, and handed over.
    fields = Collections.unmodifiableSortedMap(
        fields instanceof Checked checked ? checked : checkedCopy(fields));
  }

  private static TreeMap<String, ConvexValue> checkedCopy(SortedMap<String, ConvexValue> fields) {
    TreeMap<String, ConvexValue> copy = new TreeMap<>(fields);
    if (copy.comparator() != null) {
      copy = new TreeMap<>();
      copy.putAll(fields);
    }
    for (Map.Entry<String, ConvexValue> field : copy.entrySet()) {
      FieldNames.check(field.getKey());
      if (field.getValue() == null) {
        throw new IllegalArgumentException("Field \"" + field.getKey()
            + "\" has no value; use ConvexNull.INSTANCE for null and leave missing fields out");
      }
    }
    return copy;
  }

  /**
   * Fields that code of this package has built and checked (valid names, no Java null) and hands
   * over to exactly one new object, which keeps them without a copy or a second check. The type
   * is not visible outside the package, so no other code can hand such a map over.
   */
  static final class Checked extends TreeMap<String, ConvexValue> {

    private static final long serialVersionUID = 1L;
  }

  /**
   * Returns why {@code name} is not a valid field name (Convex's rules above), or {@code null}
   * when it is one.
   */
  public static @Nullable String fieldNameProblem(String name) {
    return FieldNames.problem(name);
  }

  /** Returns an object with the given fields. */
  public static ConvexObject of(Map<String, ConvexValue> fields) {
    return new ConvexObject(new TreeMap<>(fields));
  }

  /** Returns the value of {@code field}, or {@code null} when the field is missing. */
  public @Nullable ConvexValue get(String field) {
    return fields.get(field);
  }

  /**
   * Returns the value at a dotted field path ({@code "address.city"} reads into nested objects),
   * the way Convex indexes and filters fields, or {@code null} when a step is missing or is not an
   * object.
   */
  public @Nullable ConvexValue valueAt(String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      return get(path);
    }
    ConvexValue current = this;
    int start = 0;
    while (true) {
      if (!(current instanceof ConvexObject o)) {
        return null;
      }
      int end = path.indexOf('.', start);
      String segment = end < 0 ? path.substring(start) : path.substring(start, end);
      current = o.get(segment);
      if (current == null || end < 0) {
        return current;
      }
      start = end + 1;
    }
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
