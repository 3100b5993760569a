package dev.betterconvex.orm.store;

/**
 * Another build added or dropped an index while this transaction ran with the index set it had
 * before; the engine has reloaded the set, and the transaction must be re-run (the engine does
 * so for its own mutations; inside a Spring transaction the caller re-runs it).
 */
final class IndexSetChangedException extends OptimisticConcurrencyException {

  IndexSetChangedException(String table, Throwable cause) {
    super(message(table), cause);
  }

  IndexSetChangedException(String table) {
    super(message(table));
  }

  private static String message(String table) {
    return "Another build changed the indexes of table \"" + table + "\" while this "
        + "transaction ran; the engine reloaded them and the transaction must be re-run";
  }
}
