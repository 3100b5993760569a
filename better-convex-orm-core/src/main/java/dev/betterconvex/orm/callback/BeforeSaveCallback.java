package dev.betterconvex.orm.callback;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Runs when an entity is about to be written, inside the mutation, after the before-convert callbacks and with its new version set; Bean Validation is one (lowest precedence).
 *
 * @param <T> the entity type the callback applies to ({@code Object} for every entity)
 */
@FunctionalInterface
public interface BeforeSaveCallback<T> extends EntityCallback<T> {

  /** Returns the entity to write, {@code entity} itself or a changed copy, for a row of {@code table}. */
  T onBeforeSave(T entity, String table);
}
