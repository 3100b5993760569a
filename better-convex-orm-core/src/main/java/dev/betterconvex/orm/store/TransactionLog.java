package dev.betterconvex.orm.store;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * DEBUG lines of the category {@code dev.betterconvex.orm.store.transaction}: each conflict of a
 * mutation and whether it is re-run. Nothing is built when DEBUG is off.
 */
final class TransactionLog {

  private static final Log logger = LogFactory.getLog("dev.betterconvex.orm.store.transaction");

  private TransactionLog() {
  }

  /**
   * Logs that attempt {@code attempt} (from 0) of a mutation lost a conflict, and whether it is
   * re-run.
   */
  static void conflict(int attempt, boolean retrying, RuntimeException conflict) {
    if (logger.isDebugEnabled()) {
      logger.debug("Mutation attempt " + (attempt + 1) + " conflicted with a concurrent "
          + "transaction (" + conflict.getMessage() + "); "
          + (retrying ? "re-running it" : "giving up: the retry budget or max-retries is spent"));
    }
  }
}
