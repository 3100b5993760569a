package dev.betterconvex.orm.callback;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Runs before an entity is deleted through a repository, inside the mutation (a throw keeps the row).
 *
 * @param <T> the entity type the callback applies to ({@code Object} for every entity)
 */
@FunctionalInterface
public interface BeforeDeleteCallback<T> extends EntityCallback<T> {

  /** Returns the entity to delete; its id and version decide which row, and whether it is stale. */
  T onBeforeDelete(T entity, String table);
}
