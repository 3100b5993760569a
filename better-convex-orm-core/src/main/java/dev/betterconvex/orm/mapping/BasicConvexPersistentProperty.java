package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.RelationSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.ManyToMany;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.RelationCount;
import java.lang.reflect.Modifier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.Association;
import org.springframework.data.mapping.model.AnnotationBasedPersistentProperty;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;

/**
 * The {@link ConvexPersistentProperty} the {@link ConvexMappingContext} creates. A table entity's
 * property takes its field from {@link TableSchema#fieldsByProperty()}; a nested record's
 * component its {@code @Field} name or its own name, as the schema's type inference does.
 */
final class BasicConvexPersistentProperty
    extends AnnotationBasedPersistentProperty<ConvexPersistentProperty>
    implements ConvexPersistentProperty {

  private final String fieldName;
  private final boolean inTable;
  private final @Nullable FieldSchema fieldSchema;
  private final @Nullable RelationSchema relation;

  BasicConvexPersistentProperty(Property property, ConvexPersistentEntity<?> owner,
      SimpleTypeHolder simpleTypes) {
    super(property, owner, simpleTypes);
    @Nullable TableSchema table = owner.getTable();
    this.inTable = table != null;
    if (table != null) {
      @Nullable String mapped = table.fieldsByProperty().get(getName());
      this.fieldName = mapped != null ? mapped : getName();
      this.fieldSchema = mapped != null ? table.field(mapped).orElse(null) : null;
      this.relation = table.relation(getName()).orElse(null);
    } else {
      @Nullable Field rename = findAnnotation(Field.class);
      this.fieldName = rename != null ? rename.name() : getName();
      this.fieldSchema = null;
      this.relation = null;
    }
  }

  @Override
  public String getFieldName() {
    return fieldName;
  }

  @Override
  public @Nullable FieldSchema getFieldSchema() {
    return fieldSchema;
  }

  @Override
  public @Nullable RelationSchema getRelation() {
    return relation;
  }

  @Override
  public boolean isIdProperty() {
    return inTable && FieldSchema.ID.equals(fieldName);
  }

  @Override
  public boolean isCreationTimeProperty() {
    return inTable && FieldSchema.CREATION_TIME.equals(fieldName);
  }

  /** Java {@code transient} fields are not stored either, as the schema reads entities. */
  @Override
  public boolean isTransient() {
    java.lang.reflect.@Nullable Field javaField = getField();
    return super.isTransient()
        || javaField != null && Modifier.isTransient(javaField.getModifiers());
  }

  /**
   * Relation properties (and relation counts) are associations: they are loaded by queries,
   * never stored.
   */
  @Override
  public boolean isAssociation() {
    return !isTransient() && (isAnnotationPresent(One.class) || isAnnotationPresent(Many.class)
        || isAnnotationPresent(ManyToMany.class) || isAnnotationPresent(RelationCount.class)
        || super.isAssociation());
  }

  /** The system fields and relations are never written; every other stored property is. */
  @Override
  public boolean isWritable() {
    return super.isWritable() && !isAssociation() && !isIdProperty() && !isCreationTimeProperty();
  }

  @Override
  protected Association<ConvexPersistentProperty> createAssociation() {
    return new Association<>(this, null);
  }
}
