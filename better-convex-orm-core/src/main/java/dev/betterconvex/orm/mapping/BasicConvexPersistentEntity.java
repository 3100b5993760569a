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

  private static final java.util.Set<Class<?>> VERSION_TYPES = java.util.Set.of(long.class,
      Long.class, int.class, Integer.class, short.class, Short.class);

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
   * A table entity is new when its id is null, as repositories decide between insert and update;
   * a {@code @Version} property does not decide it (a new entity's version is set to 0).
   */
  @Override
  public boolean isNew(Object bean) {
    if (table == null || getIdProperty() == null) {
      return super.isNew(bean);
    }
    return getIdentifierAccessor(bean).getIdentifier() == null;
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
    ConvexPersistentProperty version = getVersionProperty();
    if (version != null && !VERSION_TYPES.contains(version.getType())) {
      throw new MappingException("@Version property " + getType().getSimpleName() + "."
          + version.getName() + " of entity " + getType().getName() + " is a "
          + version.getType().getName() + "; a version is a long, int or short (or their "
          + "wrappers), which the ORM sets to 0 on insert and increments on every update");
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
