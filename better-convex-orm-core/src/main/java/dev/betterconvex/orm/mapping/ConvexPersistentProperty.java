package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.RelationSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.PersistentProperty;

/**
 * A property of a {@link ConvexPersistentEntity} and the document field it is stored in. The
 * {@linkplain #isIdProperty() id property} maps {@code _id}; relation properties
 * ({@code @One}, {@code @Many}, {@code @ManyToMany}) are {@linkplain #isAssociation() associations}
 * and are not stored.
 */
public interface ConvexPersistentProperty extends PersistentProperty<ConvexPersistentProperty> {

  /**
   * Returns the document field the property is stored in: {@code _id}, {@code _creationTime}, a
   * user field of the table, or a property of a nested object. For a relation property, which is
   * not stored, the relation name.
   */
  String getFieldName();

  /** Returns whether the property maps the system field {@code _creationTime}. */
  boolean isCreationTimeProperty();

  /**
   * Returns the schema field of a table entity's stored user property, or {@code null} for the
   * system fields, relations and the properties of nested objects.
   */
  @Nullable FieldSchema getFieldSchema();

  /** Returns the relation of a table entity's relation property, or {@code null}. */
  @Nullable RelationSchema getRelation();
}
