package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.CollectionFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.MappingInstantiationException;
import org.springframework.data.mapping.model.PersistentEntityParameterValueProvider;
import org.springframework.data.mapping.model.PropertyValueProvider;
import org.springframework.util.ClassUtils;

/**
 * Reads one document into an entity: Spring Data instantiates it (canonical or persistence
 * constructor, or no-arg constructor then property population) and every value is converted by
 * the Java type of its property. Each failure names the property, the field and the document.
 */
final class DocumentReader {

  /** Wrapper types an Int64 narrows into, range-checked by the conversion service. */
  private static final Set<Class<?>> NARROWER_INTEGERS =
      Set.of(Integer.class, Short.class, Byte.class);

  private final ConvexMappingContext context;
  private final EntityInstantiators instantiators;
  private final ConversionService conversionService;
  private final Document document;
  private final Map<String, ?> relations;

  DocumentReader(ConvexMappingContext context, EntityInstantiators instantiators,
      ConversionService conversionService, Document document, Map<String, ?> relations) {
    this.context = context;
    this.instantiators = instantiators;
    this.conversionService = conversionService;
    this.document = document;
    this.relations = relations;
  }

  /** Reads the document into a new instance of its table entity. */
  <T> T read(ConvexPersistentEntity<T> entity) {
    return readEntity(entity, document.fields(), true, MappingPath.root(entity.getType()));
  }

  /**
   * Returns one field of the document in Java form: converted to the type of the property that
   * maps it when {@code entity} has one (a primitive property reads a missing field as null here),
   * else as {@link JavaValues#toJava} gives it; {@code null} when the field is missing.
   */
  @Nullable Object readField(@Nullable ConvexPersistentEntity<?> entity, String field) {
    @Nullable ConvexPersistentProperty property =
        entity == null ? null : entity.getPersistentPropertyByFieldName(field);
    if (entity == null || property == null) {
      return document.getJava(field);
    }
    if (property.isIdProperty()) {
      return document.id();
    }
    if (property.isCreationTimeProperty()) {
      return document.creationTime();
    }
    @Nullable ConvexValue value = document.fields().get(field);
    return value == null ? null : readValue(value, property.getTypeInformation(),
        MappingPath.root(entity.getType()).property(property));
  }

  private <T> T readEntity(ConvexPersistentEntity<T> entity, ConvexObject source,
      boolean topLevel, MappingPath path) {
    PropertyValueProvider<ConvexPersistentProperty> values = new PropertyValueProvider<>() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> @Nullable V getPropertyValue(ConvexPersistentProperty property) {
        return (V) propertyValue(property, source, topLevel, path.property(property));
      }
    };
    PersistentEntityParameterValueProvider<ConvexPersistentProperty> parameters =
        new PersistentEntityParameterValueProvider<>(entity, values, null);
    T instance;
    try {
      instance = instantiators.getInstantiatorFor(entity).createInstance(entity, parameters);
    } catch (MappingInstantiationException ex) {
      throw failure(path, "cannot create a " + entity.getType().getName() + ": "
          + NestedExceptionUtils.getMostSpecificCause(ex), ex);
    }
    if (!entity.requiresPropertyPopulation()) {
      return instance;
    }
    PersistentPropertyAccessor<T> accessor = entity.getPropertyAccessor(instance);
    for (ConvexPersistentProperty property : entity) {
      if (entity.isCreatorArgument(property)
          || property.isAssociation() && !(topLevel && relations.containsKey(property.getName()))) {
        continue;
      }
      @Nullable Object value = propertyValue(property, source, topLevel, path.property(property));
      if (value != null) {
        accessor.setProperty(property, value);
      }
    }
    return accessor.getBean();
  }

  private @Nullable Object propertyValue(ConvexPersistentProperty property, ConvexObject source,
      boolean topLevel, MappingPath path) {
    if (property.isAssociation()) {
      return topLevel ? relationValue(property, path) : null;
    }
    if (topLevel && property.isIdProperty()) {
      return document.id();
    }
    if (topLevel && property.isCreationTimeProperty()) {
      return document.creationTime();
    }
    @Nullable ConvexValue value = source.get(property.getFieldName());
    if (value == null || value == ConvexNull.INSTANCE) {
      if (property.getType().isPrimitive()) {
        throw failure(path, "the field is " + (value == null ? "missing" : "null")
            + " and the property is a primitive " + property.getType().getName());
      }
      return null;
    }
    return readValue(value, property.getTypeInformation(), path);
  }

  /**
   * Returns the loaded value of a relation property: the related entity (or null) for a one
   * relation, the related entities in the property's collection type for the others; null when
   * the relation was not loaded.
   */
  private @Nullable Object relationValue(ConvexPersistentProperty property, MappingPath path) {
    @Nullable Object value = relations.get(property.getName());
    if (!(value instanceof Collection<?> related)) {
      if (value != null && !property.getType().isInstance(value)) {
        throw failure(path, "the loaded relation holds a " + value.getClass().getName()
            + ", which is not a " + property.getType().getName());
      }
      return value;
    }
    Class<?> type = property.getType();
    if (!Collection.class.isAssignableFrom(type)) {
      throw failure(path, "the relation loads a list, which cannot be read into "
          + type.getName());
    }
    if (type.isInstance(related)) {
      return related;
    }
    @Nullable TypeInformation<?> component = property.getTypeInformation().getComponentType();
    Collection<@Nullable Object> result = CollectionFactory.createCollection(type,
        component != null ? component.getType() : Object.class, related.size());
    result.addAll(related);
    return result;
  }

  private @Nullable Object readValue(ConvexValue value, TypeInformation<?> type, MappingPath path) {
    if (value == ConvexNull.INSTANCE) {
      return null;
    }
    Class<?> raw = type.getType();
    if (ConvexValue.class.isAssignableFrom(raw)) {
      if (raw.isInstance(value)) {
        return value;
      }
      throw mismatch(value, type, path);
    }
    if (raw == Object.class) {
      return JavaValues.toJava(value);
    }
    if (raw == byte[].class) {
      if (value instanceof ConvexBytes bytes) {
        return bytes.toByteArray();
      }
      throw mismatch(value, type, path);
    }
    if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
      return readArray(value, type, path);
    }
    if (Map.class.isAssignableFrom(raw)) {
      return readMap(value, type, path);
    }
    @Nullable ConvexPersistentEntity<?> nested = context.getPersistentEntity(raw);
    if (nested != null) {
      if (value instanceof ConvexObject object) {
        return readEntity(nested, object, false, path);
      }
      throw mismatch(value, type, path);
    }
    return readSimple(value, type, path);
  }

  private Object readSimple(ConvexValue value, TypeInformation<?> type, MappingPath path) {
    Class<?> target = ClassUtils.resolvePrimitiveIfNecessary(type.getType());
    if (target.isEnum()) {
      if (value instanceof ConvexString string) {
        return constant(target, string.value(), path);
      }
      throw mismatch(value, type, path);
    }
    Object java = JavaValues.toJava(value);
    if (target.isInstance(java)) {
      return java;
    }
    if (value instanceof ConvexInt64 && NARROWER_INTEGERS.contains(target)
        || value instanceof ConvexFloat64 && target == Float.class) {
      return narrow(java, value, type, path);
    }
    throw mismatch(value, type, path);
  }

  /** Narrows a Long to int, short or byte, or a Double to float, refusing values out of range. */
  private Object narrow(Object java, ConvexValue value, TypeInformation<?> type,
      MappingPath path) {
    Class<?> target = ClassUtils.resolvePrimitiveIfNecessary(type.getType());
    try {
      Object narrowed = conversionService.convert(java, target);
      if (narrowed instanceof Float f && f.isInfinite() && !((Double) java).isInfinite()) {
        throw failure(path, outOfRange(value, type), null);
      }
      if (narrowed != null) {
        return narrowed;
      }
    } catch (ConversionException ex) {
      throw failure(path, outOfRange(value, type), ex);
    }
    throw mismatch(value, type, path);
  }

  private static String outOfRange(ConvexValue value, TypeInformation<?> type) {
    return "the " + value.typeName() + " value " + JavaValues.toJava(value)
        + " is out of range for " + type.getType().getName();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object constant(Class<?> enumType, String name, MappingPath path) {
    try {
      return Enum.valueOf((Class) enumType, name);
    } catch (IllegalArgumentException ex) {
      throw failure(path, "\"" + name + "\" is not a constant of enum " + enumType.getName()
          + ", whose constants are " + Arrays.stream(enumType.getEnumConstants())
              .map(c -> ((Enum<?>) c).name()).toList(), ex);
    }
  }

  private Object readArray(ConvexValue value, TypeInformation<?> type, MappingPath path) {
    if (!(value instanceof ConvexArray array)) {
      throw mismatch(value, type, path);
    }
    @Nullable TypeInformation<?> component = type.getComponentType();
    TypeInformation<?> elementType = component != null ? component : TypeInformation.OBJECT;
    List<ConvexValue> elements = array.values();
    Class<?> raw = type.getType();
    if (raw.isArray()) {
      Class<?> componentType = raw.getComponentType();
      Object result = Array.newInstance(componentType, elements.size());
      for (int i = 0; i < elements.size(); i++) {
        @Nullable Object element = readValue(elements.get(i), elementType, path.index(i));
        if (element == null && componentType.isPrimitive()) {
          throw failure(path.index(i), "the element is null and the array holds primitive "
              + componentType.getName() + " values", null);
        }
        Array.set(result, i, element);
      }
      return result;
    }
    Collection<@Nullable Object> result =
        CollectionFactory.createCollection(raw, elementType.getType(), elements.size());
    for (int i = 0; i < elements.size(); i++) {
      result.add(readValue(elements.get(i), elementType, path.index(i)));
    }
    return result;
  }

  private Object readMap(ConvexValue value, TypeInformation<?> type, MappingPath path) {
    if (!(value instanceof ConvexObject object)) {
      throw mismatch(value, type, path);
    }
    @Nullable TypeInformation<?> mapValueType = type.getMapValueType();
    TypeInformation<?> valueType = mapValueType != null ? mapValueType : TypeInformation.OBJECT;
    Map<String, @Nullable Object> result =
        CollectionFactory.createMap(type.getType(), object.fields().size());
    for (Map.Entry<String, ConvexValue> field : object.fields().entrySet()) {
      result.put(field.getKey(), readValue(field.getValue(), valueType, path.key(field.getKey())));
    }
    return result;
  }

  private MappingException mismatch(ConvexValue value, TypeInformation<?> type, MappingPath path) {
    return failure(path, "the field holds a " + value.typeName() + " value, which cannot be read "
        + "into " + type.toResolvableType(), null);
  }

  private MappingException failure(MappingPath path, String problem) {
    return failure(path, problem, null);
  }

  private MappingException failure(MappingPath path, String problem, @Nullable Throwable cause) {
    String from = path.field().isEmpty() ? "" : " from field \"" + path.field() + "\"";
    return new MappingException("Cannot read " + path.property() + from + " of document "
        + document.id() + " in table \"" + document.table() + "\": " + problem, cause);
  }
}
