package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.annotation.RelationCount;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexJson;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.StandardTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.support.DefaultConversionService;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import org.springframework.core.CollectionFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.InstanceCreatorMetadata;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.Parameter;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiator;
import org.springframework.data.mapping.model.MappingInstantiationException;
import org.springframework.data.mapping.model.ParameterValueProvider;
import org.springframework.data.mapping.model.PersistentEntityParameterValueProvider;
import org.springframework.data.mapping.model.PropertyValueProvider;

/**
 * Reads objects into one entity type, by a plan built once for the type: the reader of each
 * property, the property of each constructor parameter in order, the properties set after
 * construction, and Spring Data's instantiator of the type (canonical or persistence constructor,
 * or no-arg constructor then property population). Reading a document looks up nothing but its
 * fields. Thread-safe.
 */
final class EntityReader<T> {

  private final ConvexPersistentEntity<T> entity;
  private final EntityInstantiator instantiator;
  /** The creator's parameters, and the property each one binds (null: Spring Data resolves it). */
  private final List<Parameter<Object, ConvexPersistentProperty>> parameters;
  private final @Nullable PropertyReader[] arguments;
  /** The properties set after construction, in declaration order (empty if none need it). */
  private final List<PropertyReader> populated;
  /** Their setters, or null to set them through Spring Data's accessor. */
  private final @Nullable PropertyHandles setters;
  private final Map<String, PropertyReader> byField;
  /**
   * The properties of user fields by field name, each with its slot among a body's decoded
   * values; null when two properties map one field (then every read goes through the tree).
   */
  private final @Nullable Map<String, PropertyReader> slots;
  /**
   * The same properties in the order of their field names, the order in which a stored body
   * holds its fields ({@link ConvexObject}'s), so that decoding usually finds the property of
   * the next field by one comparison.
   */
  private final PropertyReader[] inFieldOrder;

  @SuppressWarnings("unchecked")
  EntityReader(ConvexPersistentEntity<T> entity, EntityMappers mappers) {
    this.entity = entity;
    this.instantiator = mappers.instantiators().getInstantiatorFor(entity);
    Map<ConvexPersistentProperty, PropertyReader> readers = new HashMap<>();
    List<PropertyReader> all = new ArrayList<>();
    for (ConvexPersistentProperty property : entity) {
      PropertyReader reader = new PropertyReader(property, mappers);
      readers.put(property, reader);
      all.add(reader);
    }
    @Nullable InstanceCreatorMetadata<ConvexPersistentProperty> creator =
        entity.getInstanceCreatorMetadata();
    this.parameters = creator == null ? List.of()
        : (List<Parameter<Object, ConvexPersistentProperty>>) (List<?>) creator.getParameters();
    this.arguments = new PropertyReader[parameters.size()];
    for (int i = 0; i < parameters.size(); i++) {
      Parameter<Object, ConvexPersistentProperty> parameter = parameters.get(i);
      @Nullable String name = parameter.getName();
      @Nullable ConvexPersistentProperty property =
          name == null || creator != null && creator.isParentParameter(parameter) ? null
              : entity.getPersistentProperty(name);
      arguments[i] = property == null ? null : readers.get(property);
    }
    this.populated = entity.requiresPropertyPopulation()
        ? all.stream().filter(r -> !entity.isCreatorArgument(r.property)).toList() : List.of();
    this.setters = PropertyHandles.setters(populated.stream().map(r -> r.property).toList());
    this.byField = new HashMap<>();
    Map<String, PropertyReader> fields = new HashMap<>();
    boolean shared = false;
    for (PropertyReader reader : all) {
      if (!reader.property.isAssociation()) {
        byField.putIfAbsent(reader.property.getFieldName(), reader);
      }
      if (reader.kind == PropertyReader.FIELD) {
        reader.slot = fields.size();
        shared |= fields.putIfAbsent(reader.fieldName, reader) != null;
      }
    }
    this.slots = shared ? null : fields;
    this.inFieldOrder = new TreeMap<>(fields).values().toArray(PropertyReader[]::new);
    for (int i = 0; i < inFieldOrder.length; i++) {
      inFieldOrder[i].order = i;
    }
  }

  ConvexPersistentEntity<T> entity() {
    return entity;
  }

  /**
   * Reads a document into a new instance of its table entity, with its loaded relations: while
   * its body is unparsed, straight from the JSON ({@link #decode}); else, or when decoding finds
   * anything it leaves to the tree (a failure included, so that the failure reported is the
   * tree's), from its {@link Document#fields()}.
   */
  T read(Document document, Map<String, ?> relations) {
    @Nullable String body = document.unparsedBody();
    @Nullable Object[] decoded = body == null ? null : decode(body);
    if (decoded != null) {
      return create(null, decoded, document, relations);
    }
    return create(document.fields(), null, document, relations);
  }

  /** Reads an object stored in a field into a new instance of this nested entity. */
  T readNested(ConvexObject object) {
    return create(object, null, null, Map.of());
  }

  /**
   * Decodes a stored body into the values of the properties of its fields, by slot, each as its
   * {@link ValueReader} reads the field's Convex value ({@link #JSON_NULL} for a null, Java null
   * for a missing field); a field no property maps is read as Convex JSON, then dropped.
   * Returns null when the tree must read the body instead: two properties map one field, the
   * body is not an object, a field appears twice or has a {@code $} name, or anything fails
   * (invalid JSON or Convex JSON, a value its property cannot take).
   */
  private @Nullable Object @Nullable [] decode(String body) {
    @Nullable Map<String, PropertyReader> fields = slots;
    if (fields == null) {
      return null;
    }
    @Nullable Object[] decoded = new Object[fields.size()];
    @Nullable Set<String> unmapped = null;
    try (JsonParser parser = ConvexJson.parser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int expected = 0;
      for (String name = parser.nextName(); name != null; name = parser.nextName()) {
        JsonToken token = parser.nextToken();
        @Nullable PropertyReader reader = expected < inFieldOrder.length
            && inFieldOrder[expected].fieldName.equals(name) ? inFieldOrder[expected]
            : fields.get(name);
        if (reader != null) {
          expected = reader.order + 1;
        }
        if (reader == null) {
          if (unmapped == null) {
            unmapped = new HashSet<>();
          }
          if (name.startsWith("$") || !unmapped.add(name)) {
            return null;
          }
          var unused = ConvexJson.read(parser); // checked as the tree would be, not kept
          continue;
        }
        if (decoded[reader.slot] != null) {
          return null;
        }
        decoded[reader.slot] = token == JsonToken.VALUE_NULL ? JSON_NULL
            : reader.values().readJson(parser, token);
      }
      return parser.nextToken() == null ? decoded : null;
    } catch (RuntimeException ex) {
      return null; // the tree reads it again, and reports the failure as it does
    }
  }

  /** The decoded value of a field holding null. */
  private static final Object JSON_NULL = new Object();

  /**
   * Returns one field of the document in Java form: converted to the type of the property that
   * maps it when there is one (a primitive property reads a missing field as null here), else as
   * {@link Document#getJava} gives it; {@code null} when the field is missing.
   */
  @Nullable Object readField(Document document, String field) {
    @Nullable PropertyReader reader = byField.get(field);
    if (reader == null) {
      return document.getJava(field);
    }
    if (reader.kind == PropertyReader.ID) {
      return document.id();
    }
    if (reader.kind == PropertyReader.CREATION_TIME) {
      return reader.creationTime(document);
    }
    @Nullable ConvexValue value = document.fields().get(field);
    if (value == null) {
      return null;
    }
    try {
      return reader.values().read(value);
    } catch (MappingFailure failure) {
      throw failure.at(reader.property);
    }
  }

  /**
   * The fields come from {@code source}, or when it is null from the {@code decoded} values.
   * {@code document} is null for a nested object: then the system fields are plain fields.
   */
  private T create(@Nullable ConvexObject source, @Nullable Object @Nullable [] decoded,
      @Nullable Document document, Map<String, ?> relations) {
    T instance;
    try {
      instance = instantiator.createInstance(entity,
          new Arguments(source, decoded, document, relations));
    } catch (MappingInstantiationException ex) {
      throw new MappingFailure("cannot create a " + entity.getType().getName() + ": "
          + NestedExceptionUtils.getMostSpecificCause(ex), ex);
    }
    if (populated.isEmpty()) {
      return instance;
    }
    @Nullable PersistentPropertyAccessor<T> accessor =
        setters == null ? entity.getPropertyAccessor(instance) : null;
    for (int i = 0; i < populated.size(); i++) {
      PropertyReader reader = populated.get(i);
      if (reader.kind == PropertyReader.RELATION
          && !(document != null && relations.containsKey(reader.property.getName()))) {
        continue;
      }
      @Nullable Object value = reader.value(source, decoded, document, relations);
      if (value == null) {
        continue;
      }
      if (accessor != null) {
        accessor.setProperty(reader.property, value);
      } else {
        Objects.requireNonNull(setters).set(i, instance, value);
      }
    }
    return accessor != null ? accessor.getBean() : instance;
  }

  /** The creator's arguments, in parameter order, from the property readers. */
  private final class Arguments implements ParameterValueProvider<ConvexPersistentProperty> {

    private final @Nullable ConvexObject source;
    private final @Nullable Object @Nullable [] decoded;
    private final @Nullable Document document;
    private final Map<String, ?> relations;
    private int next;

    Arguments(@Nullable ConvexObject source, @Nullable Object @Nullable [] decoded,
        @Nullable Document document, Map<String, ?> relations) {
      this.source = source;
      this.decoded = decoded;
      this.document = document;
      this.relations = relations;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> @Nullable V getParameterValue(Parameter<V, ConvexPersistentProperty> parameter) {
      int index = next < parameters.size() && parameters.get(next) == (Object) parameter
          ? next : parameters.indexOf(parameter);
      next = index + 1;
      @Nullable PropertyReader reader = index < 0 ? null : arguments[index];
      if (reader == null) {
        // The parent of an inner class, or a parameter that binds no property: as Spring Data.
        return new PersistentEntityParameterValueProvider<>(entity, NO_PROPERTIES, null)
            .getParameterValue(parameter);
      }
      return (V) reader.value(source, decoded, document, relations);
    }
  }

  private static final PropertyValueProvider<ConvexPersistentProperty> NO_PROPERTIES =
      new PropertyValueProvider<>() {
        @Override
        public <V> @Nullable V getPropertyValue(ConvexPersistentProperty property) {
          throw new MappingException("No reader for property " + property.getName());
        }
      };

  /** One property: where its value comes from, and the reader of its type. */
  static final class PropertyReader {

    static final int FIELD = 0;
    static final int ID = 1;
    static final int CREATION_TIME = 2;
    static final int RELATION = 3;

    /**
     * The key under which a row's relation counts come among its relations: {@code _count.}
     * and the relation's name.
     */
    static final String COUNT_PREFIX = "_count.";

    final ConvexPersistentProperty property;
    final int kind;
    /** The relation a {@code @RelationCount} property counts, or null. */
    private final @Nullable String countOf;
    private final String fieldName;
    /** A user field's place among a body's decoded values ({@link #decode}); -1 for others. */
    int slot = -1;
    /** Its place in {@link #inFieldOrder}. */
    int order = -1;
    private final @Nullable String primitive;
    /** The version a primitive {@code @Version} property reads from a document without it. */
    private final @Nullable Object version;
    private final @Nullable ValueReader values;

    PropertyReader(ConvexPersistentProperty property, EntityMappers mappers) {
      this.property = property;
      this.kind = property.isAssociation() ? RELATION : property.isIdProperty() ? ID
          : property.isCreationTimeProperty() ? CREATION_TIME : FIELD;
      @Nullable RelationCount count = property.findAnnotation(RelationCount.class);
      this.countOf = count == null ? null : count.value();
      this.fieldName = property.getFieldName();
      this.primitive = property.getType().isPrimitive() ? property.getType().getName() : null;
      this.version = property.isVersionProperty() && property.getType().isPrimitive()
          ? DefaultConversionService.getSharedInstance().convert(0L, property.getType()) : null;
      this.values = kind == RELATION ? null
          : ValueReader.of(property.getTypeInformation(), mappers);
    }

    ValueReader values() {
      if (values == null) {
        throw new IllegalStateException(property.getName() + " is a relation");
      }
      return values;
    }

    /** {@code _creationTime} as the property's type: a {@code double} or an {@code Instant}. */
    Object creationTime(Document document) {
      return property.getType() == Instant.class
          ? StandardTypes.creationTimeInstant(document.creationTime()) : document.creationTime();
    }

    /**
     * The property's value, its field read from {@code source}, or when that is null from the
     * {@code decoded} values; {@code document} is null when reading a nested object.
     */
    @Nullable Object value(@Nullable ConvexObject source, @Nullable Object @Nullable [] decoded,
        @Nullable Document document, Map<String, ?> relations) {
      try {
        if (kind == RELATION && countOf != null) {
          return count(document == null ? null : relations.get(COUNT_PREFIX + countOf));
        }
        if (kind == RELATION) {
          return document == null ? null : relation(relations.get(property.getName()));
        }
        if (document != null && kind == ID) {
          return document.id();
        }
        if (document != null && kind == CREATION_TIME) {
          return creationTime(document);
        }
        if (source == null) {
          @Nullable Object value = Objects.requireNonNull(decoded)[slot];
          return value == null || value == JSON_NULL ? absent(value == null) : value;
        }
        @Nullable ConvexValue value = source.get(fieldName);
        if (value == null || value == ConvexNull.INSTANCE) {
          return absent(value == null);
        }
        return values().readValue(value);
      } catch (MappingFailure failure) {
        throw failure.at(property);
      }
    }

    /** The value of a missing or null field: null, version 0, or a failure for a primitive. */
    private @Nullable Object absent(boolean missing) {
      if (primitive != null && version != null) {
        return version; // written before the entity had a version: version 0
      }
      if (primitive != null) {
        throw new MappingFailure("the field is " + (missing ? "missing" : "null")
            + " and the property is a primitive " + primitive, null);
      }
      return null;
    }

    /** A relation count as the property's type; null (0 for a primitive) when not counted. */
    private @Nullable Object count(@Nullable Object value) {
      long n = value == null ? 0L : (Long) value;
      if (value == null && primitive == null) {
        return null;
      }
      Class<?> type = property.getType();
      if (type == int.class || type == Integer.class) {
        return Integer.valueOf(Math.toIntExact(n));
      }
      return Long.valueOf(n);
    }

    /**
     * Returns the loaded value of a relation property: the related entity (or null) for a one
     * relation, the related entities in the property's collection type for the others.
     */
    private @Nullable Object relation(@Nullable Object value) {
      if (!(value instanceof Collection<?> related)) {
        if (value != null && !property.getType().isInstance(value)) {
          throw new MappingFailure("the loaded relation holds a " + value.getClass().getName()
              + ", which is not a " + property.getType().getName(), null);
        }
        return value;
      }
      Class<?> type = property.getType();
      if (!Collection.class.isAssignableFrom(type)) {
        throw new MappingFailure("the relation loads a list, which cannot be read into "
            + type.getName(), null);
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
  }
}
