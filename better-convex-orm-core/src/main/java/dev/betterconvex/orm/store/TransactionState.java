package dev.betterconvex.orm.store;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one transaction has read and written so far, checked against its limits, and the last
 * {@code _creationTime} it handed out (successive inserts strictly increase).
 */
final class TransactionState {

  private final TransactionLimits limits;
  private final EngineStatistics statistics;
  private final boolean readOnly;
  private int documentsScanned;
  private long bytesRead;
  private int indexRanges;
  private int documentsWritten;
  private long bytesWritten;
  private double lastCreationTime = Double.NEGATIVE_INFINITY;
  private final Set<String> tablesTouched = new LinkedHashSet<>();
  private @org.jspecify.annotations.Nullable String pendingIsolation;

  TransactionState(TransactionLimits limits, EngineStatistics statistics, boolean readOnly) {
    this.limits = limits;
    this.statistics = statistics;
    this.readOnly = readOnly;
  }

  boolean readOnly() {
    return readOnly;
  }

  /** Defers {@code statement} (the isolation) to go with the transaction's first statement. */
  void deferIsolation(String statement) {
    pendingIsolation = statement;
  }

  /** Returns the deferred isolation statement, once. */
  @org.jspecify.annotations.Nullable String takePendingIsolation() {
    String statement = pendingIsolation;
    pendingIsolation = null;
    return statement;
  }

  void countIndexRange(String table) {
    tablesTouched.add(table);
    if (++indexRanges > limits.maxIndexRanges()) {
      throw exceeded("maxIndexRanges", table, "index ranges read", limits.maxIndexRanges());
    }
  }

  void countRead(String table, long bytes) {
    statistics.documentsRead.increment();
    if (++documentsScanned > limits.maxDocumentsScanned()) {
      throw exceeded("maxDocumentsScanned", table, "documents scanned",
          limits.maxDocumentsScanned());
    }
    bytesRead += bytes;
    if (bytesRead > limits.maxBytesRead()) {
      throw exceeded("maxBytesRead", table, "bytes read", limits.maxBytesRead());
    }
  }

  void countWrite(String table, long bytes) {
    tablesTouched.add(table);
    statistics.documentsWritten.increment();
    if (++documentsWritten > limits.maxDocumentsWritten()) {
      throw exceeded("maxDocumentsWritten", table, "documents written",
          limits.maxDocumentsWritten());
    }
    bytesWritten += bytes;
    if (bytesWritten > limits.maxBytesWritten()) {
      throw exceeded("maxBytesWritten", table, "bytes written", limits.maxBytesWritten());
    }
  }

  /** Returns a creation time from the clock, strictly greater than any handed out before. */
  double nextCreationTime(double clockMillis) {
    double next = clockMillis > lastCreationTime ? clockMillis : Math.nextUp(lastCreationTime);
    lastCreationTime = next;
    return next;
  }

  Set<String> tablesTouched() {
    return tablesTouched;
  }

  int documentsScanned() {
    return documentsScanned;
  }

  /** Returns how many more documents the transaction may read before it fails. */
  int documentsLeft() {
    return Math.max(0, limits.maxDocumentsScanned() - documentsScanned);
  }

  private static TransactionLimitExceededException exceeded(String limit, String table,
      String what, long max) {
    return new TransactionLimitExceededException(limit, "Transaction limit " + limit
        + " exceeded at table \"" + table + "\": more than " + max + " " + what
        + " in one transaction (raise it in the engine settings, or split the work)");
  }
}
