package dev.betterconvex.orm.store;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A mutation kept conflicting with concurrent transactions and was given up after the configured
 * retries, or conflicted inside a transaction the engine does not own (the caller re-runs it).
 */
public class OptimisticConcurrencyException extends OptimisticLockingFailureException {

  /** Creates the exception. */
  public OptimisticConcurrencyException(String message, Throwable cause) {
    super(message, cause);
  }

  OptimisticConcurrencyException(String message) {
    super(message);
  }
}
