package dev.betterconvex.orm.store;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A write of an entity whose {@code @Version} is not the stored document's (another write
 * changed or deleted it since it was read): Spring's {@link OptimisticLockingFailureException},
 * which the engine, unlike a conflict between transactions, never re-runs. Nothing is written.
 */
public class StaleVersionException extends OptimisticLockingFailureException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with its message, naming the entity, id and versions. */
  public StaleVersionException(String message) {
    super(message);
  }
}
