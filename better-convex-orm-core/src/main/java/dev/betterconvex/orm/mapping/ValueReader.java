package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexJson;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import dev.betterconvex.orm.value.StandardTypes;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.CollectionFactory;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.data.core.TypeInformation;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a Convex value into one Java type, decided once when the reader is built: the checks,
 * conversions and element readers of a property are chosen per type, not per value. A value that
 * does not fit fails with a {@link MappingFailure}.
 */
abstract class ValueReader {

  /** The Java type read into, for error messages. */
  final TypeInformation<?> type;

  ValueReader(TypeInformation<?> type) {
    this.type = type;
  }

  /** Reads {@code value}; Convex null reads as Java null into every type. */
  final @Nullable Object read(ConvexValue value) {
    return value == ConvexNull.INSTANCE ? null : readValue(value);
  }

  abstract Object readValue(ConvexValue value);

  /**
   * Reads the value a parser of Convex JSON is on ({@code token}, not null), leaving the parser on
   * its last token: the same as {@link #readValue} of the value {@link ConvexJson#read} parses,
   * which is what it does unless a reader takes the JSON straight.
   */
  Object readJson(JsonParser parser, JsonToken token) {
    return readValue(ConvexJson.read(parser));
  }

  final MappingFailure mismatch(ConvexValue value) {
    return new MappingFailure("the field holds a " + value.typeName() + " value, which cannot be "
        + "read into " + type.toResolvableType(), null);
  }

  /**
   * Returns the reader of {@code type}: a Convex value as it is, {@code Object} in
   * {@link JavaValues#toJava} form, bytes, arrays and collections, maps, nested entities, enums,
   * the {@link StandardTypes}, and the simple types, numbers narrowed range-checked.
   */
  static ValueReader of(TypeInformation<?> type, EntityMappers mappers) {
    Class<?> raw = type.getType();
    if (ConvexValue.class.isAssignableFrom(raw)) {
      return new Simple(type, raw, Simple.CONVEX, mappers.conversionService());
    }
    if (raw == Object.class) {
      return new Untyped(type);
    }
    if (raw == byte[].class) {
      return new Simple(type, raw, Simple.BYTES, mappers.conversionService());
    }
    if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
      @Nullable TypeInformation<?> component = type.getComponentType();
      ValueReader elements = of(component != null ? component : TypeInformation.OBJECT, mappers);
      return raw.isArray() ? new ToArray(type, elements) : new ToCollection(type, elements);
    }
    if (Map.class.isAssignableFrom(raw)) {
      @Nullable TypeInformation<?> valueType = type.getMapValueType();
      return new ToMap(type, of(valueType != null ? valueType : TypeInformation.OBJECT, mappers));
    }
    @Nullable ConvexPersistentEntity<?> nested = mappers.context().getPersistentEntity(raw);
    if (nested != null) {
      return new Nested(type, mappers, nested);
    }
    Class<?> target = ClassUtils.resolvePrimitiveIfNecessary(raw);
    if (target.isEnum()) {
      return new ToEnum(type, target);
    }
    if (StandardTypes.convexType(target) != null) {
      return new Standard(type, target);
    }
    return new Simple(type, target, Simple.kindOf(target), mappers.conversionService());
  }

  /** {@code Object}: the plain Java form. */
  private static final class Untyped extends ValueReader {

    Untyped(TypeInformation<?> type) {
      super(type);
    }

    @Override
    Object readValue(ConvexValue value) {
      return Objects.requireNonNull(JavaValues.toJava(value));
    }
  }

  /**
   * A Convex value type, bytes, or a simple Java type: the value's Java form when it is an
   * instance of the type, an Int64 narrowed to int, short or byte and a Float64 to float (out of
   * range is a failure), anything else a mismatch.
   */
  private static final class Simple extends ValueReader {

    static final int CONVEX = 0;
    static final int BYTES = 1;
    static final int STRING = 2;
    static final int LONG = 3;
    static final int DOUBLE = 4;
    static final int BOOLEAN = 5;
    static final int NARROW_INTEGER = 6;
    static final int FLOAT = 7;
    static final int OTHER = 8;

    private final Class<?> target;
    private final int kind;
    private final ConversionService conversionService;

    Simple(TypeInformation<?> type, Class<?> target, int kind,
        ConversionService conversionService) {
      super(type);
      this.target = target;
      this.kind = kind;
      this.conversionService = conversionService;
    }

    static int kindOf(Class<?> target) {
      if (target == String.class) {
        return STRING;
      }
      if (target == Long.class) {
        return LONG;
      }
      if (target == Double.class) {
        return DOUBLE;
      }
      if (target == Boolean.class) {
        return BOOLEAN;
      }
      if (target == Integer.class || target == Short.class || target == Byte.class) {
        return NARROW_INTEGER;
      }
      return target == Float.class ? FLOAT : OTHER;
    }

    /** A string straight from the JSON, checked as {@link ConvexString} checks it. */
    @Override
    Object readJson(JsonParser parser, JsonToken token) {
      if (kind == STRING && token == JsonToken.VALUE_STRING) {
        return new ConvexString(parser.getString()).value();
      }
      return super.readJson(parser, token);
    }

    @Override
    Object readValue(ConvexValue value) {
      switch (kind) {
        case CONVEX:
          if (target.isInstance(value)) {
            return value;
          }
          break;
        case BYTES:
          if (value instanceof ConvexBytes bytes) {
            return bytes.toByteArray();
          }
          break;
        case STRING:
          if (value instanceof ConvexString string) {
            return string.value();
          }
          break;
        case LONG:
          if (value instanceof ConvexInt64 int64) {
            return int64.value();
          }
          break;
        case DOUBLE:
          if (value instanceof ConvexFloat64 float64) {
            return float64.value();
          }
          break;
        case BOOLEAN:
          if (value instanceof ConvexBoolean bool) {
            return bool.value();
          }
          break;
        case NARROW_INTEGER:
          if (value instanceof ConvexInt64 int64) {
            return narrow(int64);
          }
          break;
        case FLOAT:
          if (value instanceof ConvexFloat64 float64) {
            return narrow(float64);
          }
          break;
        default:
          Object java = JavaValues.toJava(value);
          if (target.isInstance(java)) {
            return java;
          }
      }
      throw mismatch(value);
    }

    private Object narrow(ConvexInt64 value) {
      long n = value.value();
      if (target == Integer.class && n == (int) n) {
        return (int) n;
      }
      if (target == Short.class && n == (short) n) {
        return (short) n;
      }
      if (target == Byte.class && n == (byte) n) {
        return (byte) n;
      }
      @Nullable Throwable cause = null;
      try {
        conversionService.convert(n, target);
      } catch (ConversionException ex) {
        cause = ex;
      }
      throw outOfRange(value, cause);
    }

    private Object narrow(ConvexFloat64 value) {
      float narrowed = (float) value.value();
      if (Float.isInfinite(narrowed) && !Double.isInfinite(value.value())) {
        throw outOfRange(value, null);
      }
      return narrowed;
    }

    private MappingFailure outOfRange(ConvexValue value, @Nullable Throwable cause) {
      return new MappingFailure("the " + value.typeName() + " value " + JavaValues.toJava(value)
          + " is out of range for " + type.getType().getName(), cause);
    }
  }

  /** A type with a form in {@link StandardTypes}: an {@code Instant}, a {@code BigDecimal} ... */
  private static final class Standard extends ValueReader {

    private final Class<?> target;

    Standard(TypeInformation<?> type, Class<?> target) {
      super(type);
      this.target = target;
    }

    @Override
    Object readValue(ConvexValue value) {
      try {
        return StandardTypes.fromValue(value, target);
      } catch (IllegalArgumentException ex) {
        throw new MappingFailure(ex.getMessage(), ex);
      }
    }
  }

  /** An enum: a string naming one of its constants. */
  private static final class ToEnum extends ValueReader {

    private final Class<?> enumType;

    ToEnum(TypeInformation<?> type, Class<?> enumType) {
      super(type);
      this.enumType = enumType;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object readValue(ConvexValue value) {
      if (!(value instanceof ConvexString string)) {
        throw mismatch(value);
      }
      try {
        return Enum.valueOf((Class) enumType, string.value());
      } catch (IllegalArgumentException ex) {
        throw new MappingFailure("\"" + string.value() + "\" is not a constant of enum "
            + enumType.getName() + ", whose constants are " + Arrays.stream(
                enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList(), ex);
      }
    }
  }

  /** A Java array; a null element of a primitive array is a failure. */
  private static final class ToArray extends ValueReader {

    private final ValueReader elements;
    private final Class<?> componentType;

    ToArray(TypeInformation<?> type, ValueReader elements) {
      super(type);
      this.elements = elements;
      this.componentType = type.getType().getComponentType();
    }

    @Override
    Object readValue(ConvexValue value) {
      if (!(value instanceof ConvexArray array)) {
        throw mismatch(value);
      }
      List<ConvexValue> values = array.values();
      Object result = Array.newInstance(componentType, values.size());
      for (int i = 0; i < values.size(); i++) {
        @Nullable Object element;
        try {
          element = elements.read(values.get(i));
        } catch (MappingFailure failure) {
          throw failure.at(i);
        }
        if (element == null && componentType.isPrimitive()) {
          throw new MappingFailure("the element is null and the array holds primitive "
              + componentType.getName() + " values", null).at(i);
        }
        if (result instanceof long[] longs) {
          longs[i] = (Long) Objects.requireNonNull(element);
        } else if (result instanceof double[] doubles) {
          doubles[i] = (Double) Objects.requireNonNull(element);
        } else {
          Array.set(result, i, element);
        }
      }
      return result;
    }
  }

  /** A collection, of the kind {@link CollectionFactory} creates for the declared type. */
  private static final class ToCollection extends ValueReader {

    private final ValueReader elements;
    private final Class<?> elementType;

    ToCollection(TypeInformation<?> type, ValueReader elements) {
      super(type);
      this.elements = elements;
      this.elementType = elements.type.getType();
    }

    @Override
    Object readValue(ConvexValue value) {
      if (!(value instanceof ConvexArray array)) {
        throw mismatch(value);
      }
      List<ConvexValue> values = array.values();
      Collection<@Nullable Object> result =
          CollectionFactory.createCollection(type.getType(), elementType, values.size());
      for (int i = 0; i < values.size(); i++) {
        try {
          result.add(elements.read(values.get(i)));
        } catch (MappingFailure failure) {
          throw failure.at(i);
        }
      }
      return result;
    }
  }

  /** A map of field names to values read as the map's value type. */
  private static final class ToMap extends ValueReader {

    private final ValueReader values;

    ToMap(TypeInformation<?> type, ValueReader values) {
      super(type);
      this.values = values;
    }

    @Override
    Object readValue(ConvexValue value) {
      if (!(value instanceof ConvexObject object)) {
        throw mismatch(value);
      }
      Map<String, @Nullable Object> result =
          CollectionFactory.createMap(type.getType(), object.fields().size());
      for (Map.Entry<String, ConvexValue> field : object.fields().entrySet()) {
        try {
          result.put(field.getKey(), values.read(field.getValue()));
        } catch (MappingFailure failure) {
          throw failure.atKey(field.getKey());
        }
      }
      return result;
    }
  }

  /** A nested entity (a record) from an object, through the entity's own reader. */
  private static final class Nested extends ValueReader {

    private final EntityMappers mappers;
    private final ConvexPersistentEntity<?> entity;
    /** Found on first use, so that a record that holds its own type needs no cycle of readers. */
    private @Nullable EntityReader<?> reader;

    Nested(TypeInformation<?> type, EntityMappers mappers, ConvexPersistentEntity<?> entity) {
      super(type);
      this.mappers = mappers;
      this.entity = entity;
    }

    @Override
    Object readValue(ConvexValue value) {
      if (!(value instanceof ConvexObject object)) {
        throw mismatch(value);
      }
      @Nullable EntityReader<?> found = reader;
      if (found == null) {
        found = mappers.reader(entity);
        reader = found;
      }
      return found.readNested(object);
    }
  }
}
