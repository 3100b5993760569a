package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.store.InvalidValueException;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import dev.betterconvex.orm.value.StandardTypes;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.PersistentPropertyAccessor;

/**
 * Writes one entity as the user fields of its document. The schema's declared type of each field
 * decides the Convex type (an {@code int} is written to an {@code int64} field as Int64, a
 * {@code float} to a {@code float64} field as Float64); a Java value of another kind is refused.
 * Fields typed {@code any} (and unions, literals) are written by the Java type of the value, as
 * {@link JavaValues#toValue} does, records becoming objects. Null properties are left out.
 */
final class DocumentWriter {

  private final EntityMappers mappers;
  private final String table;

  DocumentWriter(EntityMappers mappers, String table) {
    this.mappers = mappers;
    this.table = table;
  }

  /**
   * Writes the stored, writable properties of a table entity; never {@code _id} or
   * {@code _creationTime}.
   */
  ConvexObject write(ConvexPersistentEntity<?> entity, Object bean) {
    Writable writable = mappers.writable(entity);
    @Nullable PersistentPropertyAccessor<?> accessor = writable.accessor(entity, bean);
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    try {
      for (int i = 0; i < writable.properties.size(); i++) {
        WritableProperty property = writable.properties.get(i);
        @Nullable Object value = writable.value(i, bean, accessor);
        if (value != null) {
          @Nullable FieldSchema field = property.property().getFieldSchema();
          fields.put(property.fieldName(), property(property, value,
              field == null ? null : field.type(), 1));
        }
      }
    } catch (MappingFailure failure) {
      throw failure(failure.path(MappingPath.root(entity.getType())), failure);
    }
    return new ConvexObject(fields);
  }

  /**
   * Writes a non-null value of Java {@code type} to a field of type {@code declared}, if known,
   * at {@code path}.
   */
  ConvexValue write(Object value, TypeInformation<?> type, @Nullable FieldType declared,
      MappingPath path) {
    try {
      return write(value, type, declared, path.depth());
    } catch (MappingFailure failure) {
      throw failure(failure.path(path), failure);
    }
  }

  private ConvexValue property(WritableProperty property, Object value,
      @Nullable FieldType declared, int depth) {
    try {
      return write(value, property.type(), declared, depth);
    } catch (MappingFailure failure) {
      throw failure.at(property.property());
    }
  }

  /** Writes a value {@code depth} containers deep; failures carry no path yet. */
  private ConvexValue write(Object value, TypeInformation<?> type, @Nullable FieldType declared,
      int depth) {
    if (depth > MappingPath.MAX_DEPTH) {
      throw new MappingFailure("values nest more than " + MappingPath.MAX_DEPTH
          + " levels deep (a cycle?)", null);
    }
    if (declared == null || declared instanceof FieldType.AnyType
        || declared instanceof FieldType.UnionType || declared instanceof FieldType.LiteralType) {
      return writeUntyped(value, type, depth);
    }
    if (StandardTypes.convexType(value.getClass()) != null) {
      return writeStandard(value, declared);
    }
    if (declared instanceof FieldType.Int64Type) {
      if (value instanceof Long || value instanceof Integer || value instanceof Short
          || value instanceof Byte) {
        return new ConvexInt64(((Number) value).longValue());
      }
      throw mismatch(value, declared, "; Int64 and Float64 are different Convex types, "
          + "use long, int or short for an int64 field");
    }
    if (declared instanceof FieldType.Float64Type) {
      if (value instanceof Double || value instanceof Float) {
        return new ConvexFloat64(((Number) value).doubleValue());
      }
      throw mismatch(value, declared, "; Int64 and Float64 are different Convex types, "
          + "use double or float for a float64 field");
    }
    if (declared instanceof FieldType.BooleanType && value instanceof Boolean b) {
      return ConvexBoolean.of(b);
    }
    if (declared instanceof FieldType.StringType || declared instanceof FieldType.IdType
        || declared instanceof FieldType.EnumType) {
      if (value instanceof String s) {
        return string(s);
      }
      if (value instanceof Enum<?> constant) {
        return new ConvexString(constant.name());
      }
    }
    if (declared instanceof FieldType.BytesType && value instanceof byte[] bytes) {
      return ConvexBytes.of(bytes);
    }
    if (declared instanceof FieldType.VectorType) {
      return writeArray(value, type, FieldType.float64(), depth);
    }
    if (declared instanceof FieldType.ArrayType array) {
      return writeArray(value, type, array.element(), depth);
    }
    if (declared instanceof FieldType.ObjectType object) {
      if (value instanceof Map<?, ?> map) {
        return writeMap(map, type, object, depth);
      }
      @Nullable ConvexPersistentEntity<?> entity = mappers.entity(value.getClass());
      if (entity != null) {
        return writeObject(entity, value, object, depth);
      }
    }
    throw mismatch(value, declared, "");
  }

  /** A type with a form in {@link StandardTypes}, written if the declared type takes it. */
  private static ConvexValue writeStandard(Object value, FieldType declared) {
    ConvexValue converted;
    try {
      converted = Objects.requireNonNull(StandardTypes.toValue(value));
    } catch (IllegalArgumentException ex) {
      throw new MappingFailure(ex.getMessage(), ex);
    }
    if (!declared.accepts(converted)) {
      throw mismatch(value, declared, "; a " + value.getClass().getSimpleName() + " is stored as "
          + converted.typeName());
    }
    return converted;
  }

  private ConvexValue writeUntyped(Object value, TypeInformation<?> type, int depth) {
    if (value instanceof ConvexValue convexValue) {
      return convexValue;
    }
    if (value instanceof String s) {
      return string(s);
    }
    if (value instanceof Collection<?>
        || value.getClass().isArray() && !(value instanceof byte[])) {
      return writeArray(value, type, null, depth);
    }
    if (value instanceof Map<?, ?> map) {
      return writeMap(map, type, null, depth);
    }
    @Nullable ConvexPersistentEntity<?> entity = mappers.entity(value.getClass());
    if (entity != null) {
      return writeObject(entity, value, null, depth);
    }
    try {
      return JavaValues.toValue(value);
    } catch (IllegalArgumentException ex) {
      throw new MappingFailure(ex.getMessage(), ex);
    }
  }

  private ConvexArray writeArray(Object value, TypeInformation<?> type,
      @Nullable FieldType element, int depth) {
    @Nullable TypeInformation<?> component = type.getComponentType();
    TypeInformation<?> elementType = component != null ? component : TypeInformation.OBJECT;
    List<ConvexValue> elements;
    if (value instanceof Collection<?> collection) {
      elements = new ArrayList<>(collection.size());
      for (@Nullable Object e : collection) {
        elements.add(writeElement(e, elementType, element, elements.size(), depth));
      }
    } else if (value.getClass().isArray() && !(value instanceof byte[])) {
      int length = Array.getLength(value);
      elements = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        elements.add(writeElement(Array.get(value, i), elementType, element, i, depth));
      }
    } else {
      throw new MappingFailure("a " + value.getClass().getName() + " is not a collection or an "
          + "array and cannot be written as an array", null);
    }
    return new ConvexArray(elements);
  }

  private ConvexValue writeElement(@Nullable Object element, TypeInformation<?> type,
      @Nullable FieldType declared, int index, int depth) {
    try {
      return element == null ? ConvexNull.INSTANCE : write(element, type, declared, depth + 1);
    } catch (MappingFailure failure) {
      throw failure.at(index);
    }
  }

  /** Writes a map as an object; a typed object leaves null entries out, {@code any} keeps them. */
  private ConvexObject writeMap(Map<?, ?> map, TypeInformation<?> type,
      FieldType.@Nullable ObjectType declared, int depth) {
    @Nullable TypeInformation<?> mapValueType = type.getMapValueType();
    TypeInformation<?> valueType = mapValueType != null ? mapValueType : TypeInformation.OBJECT;
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new MappingFailure("map keys must be Strings to become field names, found "
            + entry.getKey(), null);
      }
      @Nullable Object value = entry.getValue();
      if (value == null) {
        if (declared == null) {
          fields.put(key, ConvexNull.INSTANCE);
        }
        continue;
      }
      try {
        fields.put(key, write(value, valueType, declaredProperty(declared, key), depth + 1));
      } catch (MappingFailure failure) {
        throw failure.atKey(key);
      }
    }
    return object(fields);
  }

  /** Writes a record (or other mapped class) as an object, leaving null properties out. */
  private ConvexObject writeObject(ConvexPersistentEntity<?> entity, Object bean,
      FieldType.@Nullable ObjectType declared, int depth) {
    Writable writable = mappers.writable(entity);
    @Nullable PersistentPropertyAccessor<?> accessor = writable.accessor(entity, bean);
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    for (int i = 0; i < writable.properties.size(); i++) {
      WritableProperty property = writable.properties.get(i);
      @Nullable Object value = writable.value(i, bean, accessor);
      if (value != null) {
        @Nullable FieldType type;
        try {
          type = declaredProperty(declared, property.fieldName());
        } catch (MappingFailure failure) {
          throw failure.at(property.property());
        }
        fields.put(property.fieldName(), property(property, value, type, depth + 1));
      }
    }
    return object(fields);
  }

  private @Nullable FieldType declaredProperty(FieldType.@Nullable ObjectType declared,
      String name) {
    if (declared == null) {
      return null;
    }
    @Nullable FieldType type = declared.properties().get(name);
    if (type == null) {
      throw new MappingFailure("the field is declared " + declared.describe()
          + ", which has no property \"" + name + "\"", null);
    }
    return type;
  }

  /** An object of the given fields; a field name Convex refuses is an invalid value. */
  private static ConvexObject object(TreeMap<String, ConvexValue> fields) {
    try {
      return new ConvexObject(fields);
    } catch (IllegalArgumentException ex) {
      throw MappingFailure.invalidValue(ex);
    }
  }

  /** A string value; one with an unpaired surrogate is an invalid value. */
  private static ConvexString string(String s) {
    try {
      return new ConvexString(s);
    } catch (IllegalArgumentException ex) {
      throw MappingFailure.invalidValue(ex);
    }
  }

  private static MappingFailure mismatch(Object value, FieldType declared, String hint) {
    return new MappingFailure("the field is declared " + declared.describe() + " and a "
        + value.getClass().getName() + " cannot be written to it" + hint, null);
  }

  private RuntimeException failure(MappingPath path, MappingFailure failure) {
    if (failure.invalidValue()) {
      return new InvalidValueException(table, path.field(), String.valueOf(failure.problem()),
          failure.getCause());
    }
    return new MappingException("Cannot write " + path.property() + " to field \"" + path.field()
        + "\" of table \"" + table + "\": " + failure.problem(), failure.getCause());
  }

  /** A property that is written, with its field name and type. */
  record WritableProperty(ConvexPersistentProperty property, String fieldName,
      TypeInformation<?> type) {
  }

  /**
   * The properties of an entity type that are written, in declaration order, and their getters
   * (null when Spring Data's accessor must read them), found once per type.
   */
  static final class Writable {

    final List<WritableProperty> properties;
    private final @Nullable PropertyHandles getters;

    Writable(ConvexPersistentEntity<?> entity) {
      List<WritableProperty> writable = new ArrayList<>();
      for (ConvexPersistentProperty property : entity) {
        if (property.isWritable()) {
          writable.add(new WritableProperty(property, property.getFieldName(),
              property.getTypeInformation()));
        }
      }
      this.properties = List.copyOf(writable);
      this.getters = PropertyHandles.getters(
          properties.stream().map(WritableProperty::property).toList());
    }

    /** Returns Spring Data's accessor of {@code bean} when there are no getters, else null. */
    @Nullable PersistentPropertyAccessor<?> accessor(ConvexPersistentEntity<?> entity,
        Object bean) {
      return getters == null ? entity.getPropertyAccessor(bean) : null;
    }

    @Nullable Object value(int index, Object bean,
        @Nullable PersistentPropertyAccessor<?> accessor) {
      return accessor != null ? accessor.getProperty(properties.get(index).property())
          : Objects.requireNonNull(getters).get(index, bean);
    }
  }
}
