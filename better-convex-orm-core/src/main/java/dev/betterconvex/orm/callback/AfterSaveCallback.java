package dev.betterconvex.orm.callback;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Runs once an entity is written, inside the mutation (a throw rolls the write back), with the entity read back: its id, creation time and version.
 *
 * @param <T> the entity type the callback applies to ({@code Object} for every entity)
 */
@FunctionalInterface
public interface AfterSaveCallback<T> extends EntityCallback<T> {

  /** Returns the entity the save returns. */
  T onAfterSave(T entity, String table);
}
