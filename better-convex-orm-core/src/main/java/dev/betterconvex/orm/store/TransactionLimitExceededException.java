package dev.betterconvex.orm.store;

import org.springframework.dao.NonTransientDataAccessException;

/** A transaction passed one of its {@link TransactionLimits}; nothing it wrote is committed. */
public class TransactionLimitExceededException extends NonTransientDataAccessException {

  private final String limit;

  /** Creates the exception for the named limit. */
  public TransactionLimitExceededException(String limit, String message) {
    super(message);
    this.limit = limit;
  }

  /** Returns the name of the limit, for example {@code maxDocumentsScanned}. */
  public String limit() {
    return limit;
  }
}
