package dev.betterconvex.orm.callback;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Runs once an entity was deleted through a repository, inside the mutation (a throw restores the row).
 *
 * @param <T> the entity type the callback applies to ({@code Object} for every entity)
 */
@FunctionalInterface
public interface AfterDeleteCallback<T> extends EntityCallback<T> {

  /** Returns the entity; the value is not used further. */
  T onAfterDelete(T entity, String table);
}
