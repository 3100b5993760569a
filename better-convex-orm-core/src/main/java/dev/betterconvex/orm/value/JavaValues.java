package dev.betterconvex.orm.value;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The mapping between Java objects and Convex values.
 *
 * <p>To Convex: {@code null} is null; {@code Long}, {@code Integer}, {@code Short}, {@code Byte}
 * and a {@code BigInteger} in the 64-bit range are Int64; {@code Double} and {@code Float} are
 * Float64; {@code Boolean} is Boolean; {@code String} and {@code Character} are String; an enum
 * is the String of its {@code name()}; a {@link DocumentId} is the String of its encoding;
 * {@code byte[]} is Bytes; a {@code Collection}, an object array or a primitive array other than
 * {@code byte[]} is an Array; a {@code Map} with {@code String} keys is an Object; a
 * {@link ConvexValue} is itself; {@code Instant}, {@code LocalDate}, {@code LocalDateTime},
 * {@code OffsetDateTime}, {@code Duration}, {@code UUID} and {@code BigDecimal} take the
 * order-preserving forms of {@link StandardTypes}. Back to Java: Int64 is {@code Long}, Float64 {@code Double},
 * Boolean {@code Boolean}, String {@code String}, Bytes {@code byte[]}, Array a
 * {@code List<Object>}, Object a {@code LinkedHashMap<String, Object>} in field order, null
 * {@code null}.
 */
public final class JavaValues {

  /** How deeply Java containers may nest; deeper structures are taken to be cycles. */
  static final int MAX_NESTING = 64;

  private JavaValues() {
  }

  /**
   * Converts a Java object to a Convex value by the mapping above.
   *
   * @throws IllegalArgumentException naming the Java type (or the value) when it has no Convex
   *     form: an unsupported type, a {@code BigInteger} outside the 64-bit range, a map key that
   *     is not a {@code String} or not a valid field name, or containers nested more than 64
   *     levels deep
   */
  public static ConvexValue toValue(@Nullable Object javaValue) {
    return toValue(javaValue, 0);
  }

  /**
   * Converts a Convex value to plain Java objects by the mapping above; lists and maps are fresh
   * and mutable.
   */
  public static @Nullable Object toJava(ConvexValue value) {
    if (value instanceof ConvexString s) {
      return s.value();
    }
    if (value instanceof ConvexInt64 i) {
      return i.value();
    }
    if (value instanceof ConvexFloat64 f) {
      return f.value();
    }
    if (value instanceof ConvexBoolean b) {
      return b.value();
    }
    if (value instanceof ConvexNull) {
      return null;
    }
    if (value instanceof ConvexBytes b) {
      return b.toByteArray();
    }
    if (value instanceof ConvexArray a) {
      List<@Nullable Object> list = new ArrayList<>(a.values().size());
      for (ConvexValue element : a.values()) {
        list.add(toJava(element));
      }
      return list;
    }
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, ConvexValue> field : ((ConvexObject) value).fields().entrySet()) {
      map.put(field.getKey(), toJava(field.getValue()));
    }
    return map;
  }

  private static ConvexValue toValue(@Nullable Object o, int depth) {
    if (o == null) {
      return ConvexNull.INSTANCE;
    }
    if (o instanceof ConvexValue v) {
      return v;
    }
    if (o instanceof String s) {
      return new ConvexString(s);
    }
    if (o instanceof Long l) {
      return new ConvexInt64(l);
    }
    if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return new ConvexInt64(((Number) o).longValue());
    }
    if (o instanceof Double d) {
      return new ConvexFloat64(d);
    }
    if (o instanceof Float f) {
      return new ConvexFloat64(f);
    }
    if (o instanceof Boolean b) {
      return ConvexBoolean.of(b);
    }
    if (o instanceof Character c) {
      return new ConvexString(String.valueOf(c));
    }
    if (o instanceof Enum<?> e) {
      return new ConvexString(e.name());
    }
    if (o instanceof DocumentId id) {
      return new ConvexString(id.encode());
    }
    if (o instanceof byte[] bytes) {
      return ConvexBytes.of(bytes);
    }
    if (o instanceof Collection<?> collection) {
      checkDepth(o, depth);
      List<ConvexValue> elements = new ArrayList<>(collection.size());
      for (Object element : collection) {
        elements.add(toValue(element, depth + 1));
      }
      return new ConvexArray(elements);
    }
    if (o.getClass().isArray()) {
      checkDepth(o, depth);
      int n = Array.getLength(o);
      List<ConvexValue> elements = new ArrayList<>(n);
      if (o instanceof Object[] objects) {
        for (Object element : objects) {
          elements.add(toValue(element, depth + 1));
        }
      } else {
        for (int i = 0; i < n; i++) {
          elements.add(toValue(Array.get(o, i), depth + 1));
        }
      }
      return new ConvexArray(elements);
    }
    if (o instanceof Map<?, ?> map) {
      checkDepth(o, depth);
      TreeMap<String, ConvexValue> fields = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String name)) {
          Object key = entry.getKey();
          throw new IllegalArgumentException("Map keys must be Strings to become Convex object "
              + "field names, found " + (key == null ? "null" : key.getClass().getName())
              + " key " + key);
        }
        fields.put(name, toValue(entry.getValue(), depth + 1));
      }
      return new ConvexObject(fields);
    }
    @Nullable ConvexValue standard = StandardTypes.toValue(o);
    if (standard != null) {
      return standard;
    }
    throw new IllegalArgumentException("Java type " + o.getClass().getName()
        + " has no Convex value mapping; use a number, Boolean, String, byte[], collection, "
        + "array, Map with String keys, a java.time type, UUID, BigDecimal or a ConvexValue");
  }

  private static void checkDepth(Object container, int depth) {
    if (depth >= MAX_NESTING) {
      throw new IllegalArgumentException("Java containers are nested more than " + MAX_NESTING
          + " levels deep (a cycle?) at a " + container.getClass().getName());
    }
  }
}
