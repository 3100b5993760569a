package dev.betterconvex.orm.callback;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mapping.ConvexPersistentProperty;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.callback.EntityCallback;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.util.function.SingletonSupplier;

/**
 * What the ORM does around each entity it writes or reads: the entity callbacks of this package
 * (the beans of a Spring context, or the ones given) and the {@code @Version} property, which a
 * new entity gets as 0 and each update increments. Give it to the ORM with
 * {@code ConvexOrm.withEntityLifecycle}; repositories in a Spring context use the context's
 * callbacks. Thread-safe.
 */
public final class EntityLifecycle {

  private static final EntityLifecycle NONE = new EntityLifecycle(EntityCallbacks::create,
      null, false);

  private final Supplier<EntityCallbacks> callbacks;
  private final @Nullable ListableBeanFactory beans;
  private final boolean given;
  private final Map<Class<?>, Boolean> present = new ConcurrentHashMap<>();

  private EntityLifecycle(Supplier<EntityCallbacks> callbacks,
      @Nullable ListableBeanFactory beans, boolean given) {
    this.callbacks = callbacks;
    this.beans = beans;
    this.given = given;
  }

  /** Returns the lifecycle without callbacks: versions only. */
  public static EntityLifecycle none() {
    return NONE;
  }

  /** Returns the lifecycle running the callback beans of {@code beanFactory}, found lazily. */
  public static EntityLifecycle of(BeanFactory beanFactory) {
    Objects.requireNonNull(beanFactory, "beanFactory");
    // Created on first use: finding the callback beans while the ORM bean is being created
    // would create them (and what they need, such as the auditing handler) too early.
    return new EntityLifecycle(SingletonSupplier.of(() -> EntityCallbacks.create(beanFactory)),
        beanFactory instanceof ListableBeanFactory listable ? listable : null, false);
  }

  /** Returns the lifecycle running {@code callbacks}, by their {@code Ordered} order. */
  public static EntityLifecycle of(EntityCallback<?>... callbacks) {
    EntityCallbacks created = EntityCallbacks.create(callbacks);
    return new EntityLifecycle(() -> created, null, callbacks.length > 0);
  }

  /** Returns whether this lifecycle runs any callbacks at all. */
  public boolean isActive() {
    return beans != null || given;
  }

  /**
   * Returns whether a callback of {@code type} may run, so that work only it needs (reading an
   * entity back) can be skipped.
   */
  public boolean has(Class<? extends EntityCallback> type) {
    if (beans == null) {
      return given;
    }
    return present.computeIfAbsent(type,
        t -> BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beans, t, true, false).length > 0);
  }

  /** Runs the callbacks of {@code type} on {@code entity}, a row of {@code table}. */
  @SuppressWarnings("rawtypes")
  public <T> T callback(Class<? extends EntityCallback> type, T entity, String table) {
    return has(type) ? callbacks.get().callback(type, entity, table) : entity;
  }

  /**
   * Prepares {@code value} for a write: the before-convert callbacks, then its version (0 when
   * {@code isNew}, else one more than the version it carries), then the before-save callbacks.
   */
  public <T> Prepared<T> beforeWrite(ConvexPersistentEntity<?> entity, T value, boolean isNew) {
    String table = entity.getTableName();
    T converted = callback(BeforeConvertCallback.class, value, table);
    @Nullable Long expected = null;
    ConvexPersistentProperty property = entity.getVersionProperty();
    if (property != null) {
      expected = isNew ? null : version(entity, converted);
      converted = withVersion(entity, converted, expected == null ? 0 : expected + 1);
    }
    return new Prepared<>(callback(BeforeSaveCallback.class, converted, table), expected);
  }

  /** Returns the {@code @Version} of {@code value}, or null when it has none or it is null. */
  public static @Nullable Long version(ConvexPersistentEntity<?> entity, Object value) {
    ConvexPersistentProperty property = entity.getVersionProperty();
    if (property == null) {
      return null;
    }
    Object version = entity.getPropertyAccessor(value).getProperty(property);
    return version == null ? null : ((Number) version).longValue();
  }

  /**
   * Returns the filter a stored document matches when it still has {@code expected} in its
   * {@code @Version} field: a document without the field (written before the entity had a
   * version) has version 0, as a primitive version property reads it.
   */
  public static Filter versionIs(String field, @Nullable Long expected) {
    if (expected == null) {
      return Filters.isNull(field);
    }
    return expected == 0 ? Filters.or(Filters.eq(field, 0L), Filters.isNull(field))
        : Filters.eq(field, expected);
  }

  /** Returns the document field of the {@code @Version} property, or null when there is none. */
  public static @Nullable String versionField(@Nullable ConvexPersistentEntity<?> entity) {
    ConvexPersistentProperty property = entity == null ? null : entity.getVersionProperty();
    return property == null ? null : property.getFieldName();
  }

  private static <T> T withVersion(ConvexPersistentEntity<?> entity, T value, long version) {
    ConvexPersistentProperty property = Objects.requireNonNull(entity.getVersionProperty());
    PersistentPropertyAccessor<T> accessor = entity.getPropertyAccessor(value);
    accessor.setProperty(property, DefaultConversionService.getSharedInstance()
        .convert(version, property.getType()));
    return accessor.getBean();
  }

  /**
   * An entity ready to be written.
   *
   * @param entity the entity after the callbacks, with its new version
   * @param expectedVersion the version the stored row must still have (an update of a versioned
   *     entity), or null
   * @param <T> the entity type
   */
  public record Prepared<T>(T entity, @Nullable Long expectedVersion) {
  }
}
