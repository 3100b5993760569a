package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.DocumentId;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.context.AbstractMappingContext;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;

/**
 * Spring Data's mapping metadata for the entities of one {@link Schema}. The entities are the
 * classes the schema's tables were read from ({@link Schema#table(Class)}), known from
 * construction on, plus the records stored as Convex objects inside their fields; any other class
 * has no persistent entity. Each property knows its document field, from
 * {@link TableSchema#fieldsByProperty()}.
 */
public final class ConvexMappingContext
    extends AbstractMappingContext<ConvexPersistentEntity<?>, ConvexPersistentProperty> {

  /** Values stored as they are: Spring Data's simple types plus Convex values and ids. */
  static final SimpleTypeHolder SIMPLE_TYPES =
      new SimpleTypeHolder(Set.of(ConvexValue.class, DocumentId.class), SimpleTypeHolder.DEFAULT);

  private final Schema schema;

  /** Creates the mapping context of {@code schema} and maps all its entity classes. */
  public ConvexMappingContext(Schema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
    setSimpleTypeHolder(SIMPLE_TYPES);
    Set<Class<?>> entityClasses = new LinkedHashSet<>();
    for (TableSchema table : schema.tables()) {
      if (table.entityClass() != null) {
        entityClasses.add(table.entityClass());
      }
    }
    setInitialEntitySet(entityClasses);
    initialize();
  }

  /** Returns the schema this context maps. */
  public Schema getSchema() {
    return schema;
  }

  /**
   * Returns the entity stored in table {@code tableName}, or {@code null} when the table is
   * unknown or was declared with the builder rather than read from an entity class.
   */
  public @Nullable ConvexPersistentEntity<?> getPersistentEntityForTable(String tableName) {
    @Nullable Class<?> entityClass =
        schema.table(tableName).map(TableSchema::entityClass).orElse(null);
    return entityClass == null ? null : getPersistentEntity(entityClass);
  }

  @Override
  protected <T> ConvexPersistentEntity<?> createPersistentEntity(TypeInformation<T> type) {
    return new BasicConvexPersistentEntity<>(type, schema.table(type.getType()).orElse(null));
  }

  @Override
  protected ConvexPersistentProperty createPersistentProperty(Property property,
      ConvexPersistentEntity<?> owner, SimpleTypeHolder simpleTypes) {
    return new BasicConvexPersistentProperty(property, owner, simpleTypes);
  }

  /** Table entities and records (nested objects) are entities; nothing else is. */
  @Override
  protected boolean shouldCreatePersistentEntityFor(TypeInformation<?> type) {
    Class<?> raw = type.getType();
    return super.shouldCreatePersistentEntityFor(type)
        && (raw.isRecord() || schema.table(raw).isPresent());
  }
}
