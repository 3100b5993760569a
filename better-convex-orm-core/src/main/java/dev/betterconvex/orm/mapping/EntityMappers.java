package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.mapping.DocumentWriter.Writable;
import dev.betterconvex.orm.schema.TableSchema;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.ConversionService;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.EntityInstantiators;

/**
 * The mapping plans of one converter, each built on first use and kept: a reader per entity type,
 * the writable properties per entity type, and the entity of each class and table. After the
 * first document of a type, reading and writing it asks Spring Data's mapping context nothing.
 * Thread-safe.
 */
final class EntityMappers {

  private final ConvexMappingContext context;
  private final EntityInstantiators instantiators = new EntityInstantiators();
  private final ConversionService conversionService;
  private final ConcurrentMap<Class<?>, EntityReader<?>> readers = new ConcurrentHashMap<>();
  private final ConcurrentMap<Class<?>, Optional<ConvexPersistentEntity<?>>> entities =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Optional<EntityReader<?>>> tables =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Class<?>, Writable> writable =
      new ConcurrentHashMap<>();

  EntityMappers(ConvexMappingContext context, ConversionService conversionService) {
    this.context = Objects.requireNonNull(context, "context");
    this.conversionService = conversionService;
  }

  ConvexMappingContext context() {
    return context;
  }

  EntityInstantiators instantiators() {
    return instantiators;
  }

  ConversionService conversionService() {
    return conversionService;
  }

  /** Returns the persistent entity of {@code type}, or null when it has none. */
  @Nullable ConvexPersistentEntity<?> entity(Class<?> type) {
    @Nullable Optional<ConvexPersistentEntity<?>> known = entities.get(type);
    if (known == null) {
      known = Optional.ofNullable(context.getPersistentEntity(type));
      entities.put(type, known);
    }
    return known.orElse(null);
  }

  /**
   * Returns the entity of a table entity class.
   *
   * @throws MappingException naming the class and the schema's entity classes when it is not one
   */
  @SuppressWarnings("unchecked")
  <T> ConvexPersistentEntity<T> tableEntity(Class<T> type) {
    @Nullable ConvexPersistentEntity<?> entity = entity(type);
    if (entity == null || entity.getTable() == null) {
      throw new MappingException(type.getName() + " is not an entity of the schema; its entity "
          + "classes are " + context.getSchema().tables().stream()
              .map(TableSchema::entityClass).filter(Objects::nonNull).map(Class::getName).toList());
    }
    return (ConvexPersistentEntity<T>) entity;
  }

  /** Returns the reader of {@code entity}, built the first time it is asked for. */
  @SuppressWarnings("unchecked")
  <T> EntityReader<T> reader(ConvexPersistentEntity<T> entity) {
    @Nullable EntityReader<?> reader = readers.get(entity.getType());
    if (reader == null) {
      // Built outside the map: a reader's nested readers are found lazily, never while building.
      reader = new EntityReader<>(entity, this);
      @Nullable EntityReader<?> raced = readers.putIfAbsent(entity.getType(), reader);
      if (raced != null) {
        reader = raced;
      }
    }
    return (EntityReader<T>) reader;
  }

  /** Returns the reader of the entity stored in {@code table}, or null when it has none. */
  @Nullable EntityReader<?> tableReader(String table) {
    @Nullable Optional<EntityReader<?>> known = tables.get(table);
    if (known == null) {
      @Nullable ConvexPersistentEntity<?> entity = context.getPersistentEntityForTable(table);
      known = Optional.ofNullable(entity == null ? null : reader(entity));
      tables.put(table, known);
    }
    return known.orElse(null);
  }

  /** Returns the properties of {@code entity} that are written, in declaration order. */
  Writable writable(ConvexPersistentEntity<?> entity) {
    @Nullable Writable properties = writable.get(entity.getType());
    if (properties == null) {
      properties = new Writable(entity);
      writable.put(entity.getType(), properties);
    }
    return properties;
  }
}
