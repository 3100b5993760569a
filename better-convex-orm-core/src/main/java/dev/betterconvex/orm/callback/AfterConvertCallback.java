package dev.betterconvex.orm.callback;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Runs on every entity a repository reads, once its document was converted.
 *
 * @param <T> the entity type the callback applies to ({@code Object} for every entity)
 */
@FunctionalInterface
public interface AfterConvertCallback<T> extends EntityCallback<T> {

  /** Returns the entity the read returns. */
  T onAfterConvert(T entity, String table);
}
