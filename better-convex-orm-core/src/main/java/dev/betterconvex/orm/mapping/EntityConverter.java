package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.EntityInstantiators;

/**
 * Reads documents into entities and writes entities as document fields, by the metadata of a
 * {@link ConvexMappingContext}. Records (canonical constructor), classes with a persistence
 * constructor and classes with a no-arg constructor are created by Spring Data's
 * {@link EntityInstantiators}. Every failure is a {@link MappingException} naming the entity
 * class, the property, the document field and the problem. Thread-safe.
 */
public final class EntityConverter {

  private final ConvexMappingContext context;
  private final EntityInstantiators instantiators = new EntityInstantiators();
  private final DefaultConversionService conversionService = new DefaultConversionService();

  /** Creates a converter for the entities of {@code context}. */
  public EntityConverter(ConvexMappingContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** Returns the mapping metadata this converter follows. */
  public ConvexMappingContext getMappingContext() {
    return context;
  }

  /**
   * Returns the conversion service that narrows numbers on read (Int64 to {@code int},
   * {@code short}, Float64 to {@code float}), range-checked.
   */
  public ConversionService getConversionService() {
    return conversionService;
  }

  /**
   * Reads {@code document} into a new {@code type}: {@code _id} and {@code _creationTime} into
   * the properties mapping them, each user field into its property, converted to the property's
   * type. A missing or null field leaves a reference property null and fails a primitive one;
   * relation properties are left null.
   *
   * @throws MappingException when {@code type} is not the entity of the document's table, or a
   *     value does not fit its property (wrong Convex type, out of range, unknown enum constant)
   */
  public <T> T read(Class<T> type, Document document) {
    return read(type, document, Map.of());
  }

  /**
   * Reads {@code document} into a new {@code type} as {@link #read(Class, Document)} does, and
   * sets its relation properties ({@code @One}, {@code @Many}, {@code @ManyToMany}) from
   * {@code relations}, keyed by property name: an entity or null for a one relation, a
   * collection of entities for the others (copied into a {@code Set} when the property is one).
   * Relation properties absent from the map are left null.
   *
   * @throws MappingException as {@link #read(Class, Document)}, or when a loaded relation does
   *     not fit its property
   */
  public <T> T read(Class<T> type, Document document, Map<String, ?> relations) {
    ConvexPersistentEntity<T> entity = requireTableEntity(type);
    if (!entity.getTableName().equals(document.table())) {
      throw new MappingException("Cannot read document " + document.id() + " of table \""
          + document.table() + "\" as " + type.getName() + ", the entity of table \""
          + entity.getTableName() + "\"");
    }
    return new DocumentReader(context, instantiators, conversionService, document, relations)
        .read(entity);
  }

  /**
   * Reads the given fields of {@code document} as Java values, by field name, in the order asked:
   * converted to the type of the property that maps the field when the table has an entity, else
   * in the form {@link dev.betterconvex.orm.value.JavaValues#toJava} gives; {@code null} for a
   * missing field. {@code _id} and {@code _creationTime} may be asked for; a dotted path reads into
   * nested objects (in untyped form).
   *
   * @throws MappingException when a value does not fit the property mapping its field
   */
  public Map<String, @Nullable Object> read(Document document, List<String> fields) {
    @Nullable ConvexPersistentEntity<?> entity =
        context.getPersistentEntityForTable(document.table());
    DocumentReader reader = reader(document);
    Map<String, @Nullable Object> row = new LinkedHashMap<>();
    for (String field : fields) {
      row.put(field, reader.readField(entity, field));
    }
    return row;
  }

  /**
   * Writes the user fields of a table entity, the values typed by the schema's field types.
   * {@code _id}, {@code _creationTime} and relation properties are never written; a null property
   * is left out, so the field is missing, as Convex stores {@code undefined}; the store's
   * validation then refuses it for a {@code notNull} field.
   *
   * @throws MappingException when the class is not a table entity, or a value does not fit its
   *     field's declared type (for example a {@code double} in an {@code int64} field)
   */
  public ConvexObject write(Object entity) {
    ConvexPersistentEntity<?> persistentEntity = requireTableEntity(entity.getClass());
    return new DocumentWriter(context, persistentEntity.getTableName())
        .write(persistentEntity, entity);
  }

  private DocumentReader reader(Document document) {
    return new DocumentReader(context, instantiators, conversionService, document, Map.of());
  }

  @SuppressWarnings("unchecked")
  private <T> ConvexPersistentEntity<T> requireTableEntity(Class<T> type) {
    @Nullable ConvexPersistentEntity<?> entity = context.getPersistentEntity(type);
    if (entity == null || entity.getTable() == null) {
      throw new MappingException(type.getName() + " is not an entity of the schema; its entity "
          + "classes are " + context.getSchema().tables().stream()
              .map(TableSchema::entityClass).filter(Objects::nonNull).map(Class::getName).toList());
    }
    return (ConvexPersistentEntity<T>) entity;
  }
}
