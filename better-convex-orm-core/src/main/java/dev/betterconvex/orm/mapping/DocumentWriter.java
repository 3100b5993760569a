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
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

  private final ConvexMappingContext context;
  private final String table;

  DocumentWriter(ConvexMappingContext context, String table) {
    this.context = context;
    this.table = table;
  }

  /**
   * Writes the stored, writable properties of a table entity; never {@code _id} or
   * {@code _creationTime}.
   */
  ConvexObject write(ConvexPersistentEntity<?> entity, Object bean) {
    MappingPath root = MappingPath.root(entity.getType());
    PersistentPropertyAccessor<?> accessor = entity.getPropertyAccessor(bean);
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    for (ConvexPersistentProperty property : entity) {
      if (!property.isWritable()) {
        continue;
      }
      @Nullable Object value = accessor.getProperty(property);
      if (value != null) {
        @Nullable FieldSchema field = property.getFieldSchema();
        fields.put(property.getFieldName(), write(value, property.getTypeInformation(),
            field == null ? null : field.type(), root.property(property)));
      }
    }
    return new ConvexObject(fields);
  }

  /** Writes a non-null value of Java {@code type} to a field of type {@code declared}, if known. */
  ConvexValue write(Object value, TypeInformation<?> type, @Nullable FieldType declared,
      MappingPath path) {
    if (path.depth() > MappingPath.MAX_DEPTH) {
      throw failure(path, "values nest more than " + MappingPath.MAX_DEPTH
          + " levels deep (a cycle?)", null);
    }
    if (declared == null || declared instanceof FieldType.AnyType
        || declared instanceof FieldType.UnionType || declared instanceof FieldType.LiteralType) {
      return writeUntyped(value, type, path);
    }
    if (declared instanceof FieldType.Int64Type) {
      if (value instanceof Long || value instanceof Integer || value instanceof Short
          || value instanceof Byte) {
        return new ConvexInt64(((Number) value).longValue());
      }
      throw mismatch(value, declared, path, "; Int64 and Float64 are different Convex types, "
          + "use long, int or short for an int64 field");
    }
    if (declared instanceof FieldType.Float64Type) {
      if (value instanceof Double || value instanceof Float) {
        return new ConvexFloat64(((Number) value).doubleValue());
      }
      throw mismatch(value, declared, path, "; Int64 and Float64 are different Convex types, "
          + "use double or float for a float64 field");
    }
    if (declared instanceof FieldType.BooleanType && value instanceof Boolean b) {
      return ConvexBoolean.of(b);
    }
    if (declared instanceof FieldType.StringType || declared instanceof FieldType.IdType
        || declared instanceof FieldType.EnumType) {
      if (value instanceof String s) {
        return string(s, path);
      }
      if (value instanceof Enum<?> constant) {
        return new ConvexString(constant.name());
      }
    }
    if (declared instanceof FieldType.BytesType && value instanceof byte[] bytes) {
      return ConvexBytes.of(bytes);
    }
    if (declared instanceof FieldType.VectorType) {
      return writeArray(value, type, FieldType.float64(), path);
    }
    if (declared instanceof FieldType.ArrayType array) {
      return writeArray(value, type, array.element(), path);
    }
    if (declared instanceof FieldType.ObjectType object) {
      if (value instanceof Map<?, ?> map) {
        return writeMap(map, type, object, path);
      }
      @Nullable ConvexPersistentEntity<?> entity = context.getPersistentEntity(value.getClass());
      if (entity != null) {
        return writeObject(entity, value, object, path);
      }
    }
    throw mismatch(value, declared, path, "");
  }

  private ConvexValue writeUntyped(Object value, TypeInformation<?> type, MappingPath path) {
    if (value instanceof ConvexValue convexValue) {
      return convexValue;
    }
    if (value instanceof String s) {
      return string(s, path);
    }
    if (value instanceof Collection<?>
        || value.getClass().isArray() && !(value instanceof byte[])) {
      return writeArray(value, type, null, path);
    }
    if (value instanceof Map<?, ?> map) {
      return writeMap(map, type, null, path);
    }
    @Nullable ConvexPersistentEntity<?> entity = context.getPersistentEntity(value.getClass());
    if (entity != null) {
      return writeObject(entity, value, null, path);
    }
    try {
      return JavaValues.toValue(value);
    } catch (IllegalArgumentException ex) {
      throw failure(path, ex.getMessage(), ex);
    }
  }

  private ConvexArray writeArray(Object value, TypeInformation<?> type,
      @Nullable FieldType element, MappingPath path) {
    @Nullable TypeInformation<?> component = type.getComponentType();
    TypeInformation<?> elementType = component != null ? component : TypeInformation.OBJECT;
    List<ConvexValue> elements = new ArrayList<>();
    if (value instanceof Collection<?> collection) {
      for (@Nullable Object e : collection) {
        elements.add(writeElement(e, elementType, element, path.index(elements.size())));
      }
    } else if (value.getClass().isArray() && !(value instanceof byte[])) {
      for (int i = 0; i < Array.getLength(value); i++) {
        elements.add(writeElement(Array.get(value, i), elementType, element, path.index(i)));
      }
    } else {
      throw failure(path, "a " + value.getClass().getName() + " is not a collection or an "
          + "array and cannot be written as an array", null);
    }
    return new ConvexArray(elements);
  }

  private ConvexValue writeElement(@Nullable Object element, TypeInformation<?> type,
      @Nullable FieldType declared, MappingPath path) {
    return element == null ? ConvexNull.INSTANCE : write(element, type, declared, path);
  }

  /** Writes a map as an object; a typed object leaves null entries out, {@code any} keeps them. */
  private ConvexObject writeMap(Map<?, ?> map, TypeInformation<?> type,
      FieldType.@Nullable ObjectType declared, MappingPath path) {
    @Nullable TypeInformation<?> mapValueType = type.getMapValueType();
    TypeInformation<?> valueType = mapValueType != null ? mapValueType : TypeInformation.OBJECT;
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw failure(path, "map keys must be Strings to become field names, found "
            + entry.getKey(), null);
      }
      @Nullable Object value = entry.getValue();
      if (value == null) {
        if (declared == null) {
          fields.put(key, ConvexNull.INSTANCE);
        }
        continue;
      }
      MappingPath entryPath = path.key(key);
      fields.put(key, write(value, valueType, declaredProperty(declared, key, entryPath),
          entryPath));
    }
    return object(fields, path);
  }

  /** Writes a record (or other mapped class) as an object, leaving null properties out. */
  private ConvexObject writeObject(ConvexPersistentEntity<?> entity, Object bean,
      FieldType.@Nullable ObjectType declared, MappingPath path) {
    PersistentPropertyAccessor<?> accessor = entity.getPropertyAccessor(bean);
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    for (ConvexPersistentProperty property : entity) {
      if (!property.isWritable()) {
        continue;
      }
      @Nullable Object value = accessor.getProperty(property);
      if (value != null) {
        MappingPath propertyPath = path.property(property);
        fields.put(property.getFieldName(), write(value, property.getTypeInformation(),
            declaredProperty(declared, property.getFieldName(), propertyPath), propertyPath));
      }
    }
    return object(fields, path);
  }

  private @Nullable FieldType declaredProperty(FieldType.@Nullable ObjectType declared,
      String name, MappingPath path) {
    if (declared == null) {
      return null;
    }
    @Nullable FieldType type = declared.properties().get(name);
    if (type == null) {
      throw failure(path, "the field is declared " + declared.describe()
          + ", which has no property \"" + name + "\"", null);
    }
    return type;
  }

  /** An object of the given fields; a field name Convex refuses is an invalid value. */
  private ConvexObject object(TreeMap<String, ConvexValue> fields, MappingPath path) {
    try {
      return new ConvexObject(fields);
    } catch (IllegalArgumentException ex) {
      throw new InvalidValueException(table, path.field(), ex.getMessage(), ex);
    }
  }

  /** A string value; one with an unpaired surrogate is an invalid value. */
  private ConvexString string(String s, MappingPath path) {
    try {
      return new ConvexString(s);
    } catch (IllegalArgumentException ex) {
      throw new InvalidValueException(table, path.field(), ex.getMessage(), ex);
    }
  }

  private MappingException mismatch(Object value, FieldType declared, MappingPath path,
      String hint) {
    return failure(path, "the field is declared " + declared.describe() + " and a "
        + value.getClass().getName() + " cannot be written to it" + hint, null);
  }

  private MappingException failure(MappingPath path, @Nullable String problem,
      @Nullable Throwable cause) {
    return new MappingException("Cannot write " + path.property() + " to field \"" + path.field()
        + "\" of table \"" + table + "\": " + problem, cause);
  }
}
