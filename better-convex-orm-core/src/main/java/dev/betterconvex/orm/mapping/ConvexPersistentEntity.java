package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.TableSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.MutablePersistentEntity;

/**
 * A class the {@link ConvexMappingContext} maps: either a table entity, bound to one table of the
 * schema, or a record stored as a Convex object inside a document field.
 *
 * @param <T> the mapped type
 */
public interface ConvexPersistentEntity<T>
    extends MutablePersistentEntity<T, ConvexPersistentProperty> {

  /** Returns the table this entity is stored in, or {@code null} for a nested object type. */
  @Nullable TableSchema getTable();

  /**
   * Returns the table this entity is stored in.
   *
   * @throws MappingException naming the type when it is not a table entity
   */
  default TableSchema getRequiredTable() {
    @Nullable TableSchema table = getTable();
    if (table == null) {
      throw new MappingException(getType().getName() + " is not a table entity: the schema has "
          + "no table read from it");
    }
    return table;
  }

  /**
   * Returns the name of the table this entity is stored in.
   *
   * @throws MappingException naming the type when it is not a table entity
   */
  default String getTableName() {
    return getRequiredTable().name();
  }

  /** Returns the property mapped to {@code _creationTime}, or {@code null} when none is. */
  @Nullable ConvexPersistentProperty getCreationTimeProperty();

  /**
   * Returns the stored property whose document field is {@code fieldName} ({@code _id} and
   * {@code _creationTime} included), or {@code null} when no property maps that field.
   */
  @Nullable ConvexPersistentProperty getPersistentPropertyByFieldName(String fieldName);
}
