package dev.betterconvex.orm.mapping;

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
  private final DefaultConversionService conversionService = new DefaultConversionService();
  private final EntityMappers mappers;

  /** Creates a converter for the entities of {@code context}. */
  public EntityConverter(ConvexMappingContext context) {
    this.context = Objects.requireNonNull(context, "context");
    this.mappers = new EntityMappers(context, conversionService);
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
    ConvexPersistentEntity<T> entity = mappers.tableEntity(type);
    if (!entity.getTableName().equals(document.table())) {
      throw new MappingException("Cannot read document " + document.id() + " of table \""
          + document.table() + "\" as " + type.getName() + ", the entity of table \""
          + entity.getTableName() + "\"");
    }
    try {
      return mappers.reader(entity).read(document, relations);
    } catch (MappingFailure failure) {
      throw readFailure(failure, entity, document);
    }
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
    @Nullable EntityReader<?> reader = mappers.tableReader(document.table());
    Map<String, @Nullable Object> row = new LinkedHashMap<>();
    for (String field : fields) {
      if (reader == null) {
        row.put(field, document.getJava(field));
        continue;
      }
      try {
        row.put(field, reader.readField(document, field));
      } catch (MappingFailure failure) {
        throw readFailure(failure, reader.entity(), document);
      }
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
    ConvexPersistentEntity<?> persistentEntity = mappers.tableEntity(entity.getClass());
    return new DocumentWriter(mappers, persistentEntity.getTableName())
        .write(persistentEntity, entity);
  }

  /** The exception of a failed read: the value's path, the document, its table, the problem. */
  private static MappingException readFailure(MappingFailure failure,
      ConvexPersistentEntity<?> entity, Document document) {
    MappingPath path = failure.path(MappingPath.root(entity.getType()));
    String from = path.field().isEmpty() ? "" : " from field \"" + path.field() + "\"";
    return new MappingException("Cannot read " + path.property() + from + " of document "
        + document.id() + " in table \"" + document.table() + "\": " + failure.problem(),
        failure.getCause());
  }
}
