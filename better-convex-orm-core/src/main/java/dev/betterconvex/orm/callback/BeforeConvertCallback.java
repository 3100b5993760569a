package dev.betterconvex.orm.callback;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Runs first when an entity is saved (a repository's {@code save}, an entity given to {@code ConvexMutations.insert}), before its version is set, it is validated and converted; auditing is one (order 100).
 *
 * @param <T> the entity type the callback applies to ({@code Object} for every entity)
 */
@FunctionalInterface
public interface BeforeConvertCallback<T> extends EntityCallback<T> {

  /** Returns the entity to write, {@code entity} itself or a changed copy, for a row of {@code table}. */
  T onBeforeConvert(T entity, String table);
}
