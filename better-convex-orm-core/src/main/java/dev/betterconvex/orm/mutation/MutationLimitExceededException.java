package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.store.TransactionLimitExceededException;

/**
 * A transaction passed one of the ORM's {@link MutationSettings} limits; nothing it wrote is
 * committed. Like the engine's limits, it names the limit ({@link #limit()}) and the table where
 * it was hit ({@link #table()}).
 */
public class MutationLimitExceededException extends TransactionLimitExceededException {

  private final String table;

  /** Creates the exception for the named limit, hit while writing {@code table}. */
  public MutationLimitExceededException(String limit, String table, String message) {
    super(limit, message);
    this.table = table;
  }

  /** Returns the table whose write passed the limit. */
  public String table() {
    return table;
  }
}
