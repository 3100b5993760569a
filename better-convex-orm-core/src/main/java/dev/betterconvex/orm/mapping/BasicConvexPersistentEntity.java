package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.TableSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.BasicPersistentEntity;

/** The {@link ConvexPersistentEntity} the {@link ConvexMappingContext} creates. */
final class BasicConvexPersistentEntity<T>
    extends BasicPersistentEntity<T, ConvexPersistentProperty>
    implements ConvexPersistentEntity<T> {

  private final @Nullable TableSchema table;
  private @Nullable ConvexPersistentProperty creationTimeProperty;

  BasicConvexPersistentEntity(TypeInformation<T> type, @Nullable TableSchema table) {
    super(type);
    this.table = table;
  }

  @Override
  public @Nullable TableSchema getTable() {
    return table;
  }

  @Override
  public @Nullable ConvexPersistentProperty getCreationTimeProperty() {
    return creationTimeProperty;
  }

  @Override
  public @Nullable ConvexPersistentProperty getPersistentPropertyByFieldName(String fieldName) {
    for (ConvexPersistentProperty property : this) {
      if (!property.isAssociation() && property.getFieldName().equals(fieldName)) {
        return property;
      }
    }
    return null;
  }

  @Override
  public void addPersistentProperty(ConvexPersistentProperty property) {
    super.addPersistentProperty(property);
    if (!property.isTransient() && property.isCreationTimeProperty()) {
      creationTimeProperty = property;
    }
  }

  /**
   * Checks that every stored property of a table entity is a field of its table: the schema and
   * Spring Data must agree on which properties an entity has.
   */
  @Override
  public void verify() {
    super.verify();
    if (table == null) {
      return;
    }
    for (ConvexPersistentProperty property : this) {
      if (!property.isAssociation()
          && !table.fieldsByProperty().containsKey(property.getName())) {
        throw new MappingException("Property " + getType().getSimpleName() + "."
            + property.getName() + " of entity " + getType().getName() + " is not a field of "
            + "table \"" + table.name() + "\"; mark it transient or @Transient if it is not "
            + "stored");
      }
    }
  }
}
