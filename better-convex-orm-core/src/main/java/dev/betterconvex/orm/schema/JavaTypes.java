package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Vector;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.StandardTypes;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Infers a {@link FieldType} from a Java property type (see the table in docs/schema.md). Throws
 * {@link UnsupportedTypeException} for types with no Convex form.
 */
final class JavaTypes {

  private static final Set<Class<?>> INT64 =
      Set.of(long.class, Long.class, int.class, Integer.class, short.class, Short.class);
  private static final Set<Class<?>> FLOAT64 =
      Set.of(double.class, Double.class, float.class, Float.class);

  private static final String JAKARTA_NOT_NULL = "jakarta.validation.constraints.NotNull";

  private JavaTypes() {
  }

  /** A Java type with no field type; the message says which and why. */
  static final class UnsupportedTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedTypeException(String message) {
      super(message);
    }
  }

  /** Infers the type of a property, honouring {@code @Vector} and {@code @References}. */
  static FieldType infer(Type type, AnnotatedElement property) {
    @Nullable Vector vector = property.getAnnotation(Vector.class);
    if (vector != null) {
      if (!isFloatList(type)) {
        throw new UnsupportedTypeException("@Vector needs a List<Double>, List<Float>, double[] "
            + "or float[], not " + type.getTypeName());
      }
      return FieldType.vector(vector.value());
    }
    @Nullable References references = property.getAnnotation(References.class);
    if (references != null && type == String.class
        && references.field().equals(FieldSchema.ID)) {
      return FieldType.id(references.table());
    }
    return infer(type, new HashSet<>());
  }

  /**
   * Whether the field refuses null: a primitive, our {@code @NotNull}, or Jakarta Validation's
   * {@code @NotNull} (matched by name: the two mean the same, whichever the IDE imports).
   */
  static boolean isNotNull(Class<?> raw, AnnotatedElement property) {
    if (raw.isPrimitive() || property.isAnnotationPresent(NotNull.class)) {
      return true;
    }
    for (java.lang.annotation.Annotation annotation : property.getDeclaredAnnotations()) {
      if (annotation.annotationType().getName().equals(JAKARTA_NOT_NULL)) {
        return true;
      }
    }
    return false;
  }

  static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    if (type instanceof WildcardType w) {
      return raw(w.getUpperBounds()[0]);
    }
    if (type instanceof GenericArrayType a) {
      return raw(a.getGenericComponentType()).arrayType();
    }
    return Object.class;
  }

  /** Returns the element type of a {@code Collection<E>} property, or null when it is not one. */
  static @Nullable Type elementType(Type type) {
    if (!Collection.class.isAssignableFrom(raw(type))) {
      return null;
    }
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
      Type element = p.getActualTypeArguments()[0];
      return element instanceof WildcardType w ? w.getUpperBounds()[0] : element;
    }
    throw new UnsupportedTypeException(type.getTypeName() + " needs an element type argument");
  }

  private static FieldType infer(Type type, Set<Class<?>> visiting) {
    Class<?> raw = raw(type);
    if (raw == String.class) {
      return FieldType.string();
    }
    if (INT64.contains(raw)) {
      return FieldType.int64();
    }
    if (FLOAT64.contains(raw)) {
      return FieldType.float64();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return FieldType.bool();
    }
    if (raw == byte[].class) {
      return FieldType.bytes();
    }
    @Nullable Class<? extends ConvexValue> standard = StandardTypes.convexType(raw);
    if (standard != null) {
      return standard == ConvexString.class ? FieldType.string() : FieldType.int64();
    }
    if (raw.isEnum()) {
      return FieldType.enumOf(Arrays.stream(raw.getEnumConstants())
          .map(c -> ((Enum<?>) c).name()).toArray(String[]::new));
    }
    if (raw.isArray() && raw.getComponentType().isPrimitive()) {
      return FieldType.arrayOf(infer(raw.getComponentType(), visiting));
    }
    Type element = elementType(type);
    if (element != null) {
      return FieldType.arrayOf(infer(element, visiting));
    }
    if (Map.class.isAssignableFrom(raw)) {
      checkStringKeys(type);
      return FieldType.any();
    }
    if (raw == Object.class || ConvexValue.class.isAssignableFrom(raw)) {
      return FieldType.any();
    }
    if (raw.isRecord()) {
      return objectOf(raw, visiting);
    }
    throw new UnsupportedTypeException("Java type " + type.getTypeName() + " has no field type; "
        + "use String, a number, boolean, byte[], an enum, a java.time type (Instant, LocalDate, "
        + "LocalDateTime, OffsetDateTime, Duration), UUID, BigDecimal, BigInteger, a List or Set, "
        + "a Map<String, ?>, a record, or declare the table with the builder");
  }

  private static FieldType objectOf(Class<?> record, Set<Class<?>> visiting) {
    if (!visiting.add(record)) {
      throw new UnsupportedTypeException("record " + record.getName() + " contains itself; "
          + "recursive object types are not supported");
    }
    Map<String, FieldType> properties = new LinkedHashMap<>();
    Set<String> optional = new HashSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      @Nullable Field rename = component.getAnnotation(Field.class);
      String name = rename != null ? rename.name() : component.getName();
      properties.put(name, infer(component.getGenericType(), visiting));
      if (!isNotNull(component.getType(), component)) {
        optional.add(name);
      }
    }
    visiting.remove(record);
    return FieldType.objectOf(properties, optional);
  }

  private static void checkStringKeys(Type type) {
    if (type instanceof ParameterizedType p && raw(p.getActualTypeArguments()[0]) != String.class) {
      throw new UnsupportedTypeException(type.getTypeName() + " needs String keys");
    }
  }

  private static boolean isFloatList(Type type) {
    Class<?> raw = raw(type);
    if (raw == double[].class || raw == float[].class) {
      return true;
    }
    if (type instanceof ParameterizedType p && List.class.isAssignableFrom(raw)) {
      Class<?> element = raw(p.getActualTypeArguments()[0]);
      return element == Double.class || element == Float.class;
    }
    return false;
  }
}
