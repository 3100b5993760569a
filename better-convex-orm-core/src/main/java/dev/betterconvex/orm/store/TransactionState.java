package dev.betterconvex.orm.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one transaction has read and written so far, checked against its limits, and the last
 * {@code _creationTime} it handed out (successive inserts strictly increase).
 */
final class TransactionState {

  private final TransactionLimits limits;
  private final EngineStatistics statistics;
  private final boolean readOnly;
  private final long indexVersion;
  private int documentsScanned;
  private long bytesRead;
  private int indexRanges;
  private int documentsWritten;
  private long bytesWritten;
  private double lastCreationTime = Double.NEGATIVE_INFINITY;
  private final Set<String> tablesTouched = new LinkedHashSet<>();
  private final Map<String, PendingInserts> pending = new LinkedHashMap<>();
  // Made on the first savepoint: most transactions set none.
  private @Nullable Map<Object, Map<String, PendingInserts>> savepoints;
  /** Whether the transaction could commit when each savepoint was set (its reason, or null). */
  private @Nullable Map<Object, java.util.Optional<String>> refusedAt;

  /** Rows inserted into one table and not yet sent: they go in one JDBC batch. */
  record PendingInserts(PhysicalTable table, List<JdbcDocumentStore.Row> rows) {
  }
  private @org.jspecify.annotations.Nullable String pendingIsolation;
  private @Nullable String rollbackOnly;

  /** Marks the transaction as unable to commit, for {@code reason}. */
  void markRollbackOnly(String reason) {
    rollbackOnly = reason;
  }

  /** Why the transaction cannot commit, or null when it can. */
  @Nullable String rollbackOnly() {
    return rollbackOnly;
  }

  TransactionState(TransactionLimits limits, EngineStatistics statistics, boolean readOnly,
      long indexVersion) {
    this.limits = limits;
    this.statistics = statistics;
    this.readOnly = readOnly;
    this.indexVersion = indexVersion;
  }

  /** The index-set version of the engine's registry when the transaction began. */
  long indexVersion() {
    return indexVersion;
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

  /** Counts {@code documents} read together, {@code bytes} in all, as {@link #countRead} would. */
  void countReads(String table, long documents, long bytes) {
    statistics.documentsRead.add(documents);
    documentsScanned += documents;
    if (documentsScanned > limits.maxDocumentsScanned()) {
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

  /** Buffers an inserted row until the table is next read or written, or the commit. */
  void addPending(PhysicalTable table, JdbcDocumentStore.Row row) {
    pending.computeIfAbsent(table.tableName(), t -> new PendingInserts(table, new ArrayList<>()))
        .rows().add(row);
  }

  /** Returns the rows buffered for {@code table} (0 or more), removing them from the buffer. */
  @Nullable PendingInserts takePending(String table) {
    return pending.isEmpty() ? null : pending.remove(table);
  }

  /** Returns how many rows are buffered for {@code table}. */
  int pendingCount(String table) {
    PendingInserts rows = pending.get(table);
    return rows == null ? 0 : rows.rows().size();
  }

  /** Remembers the rows buffered when {@code savepoint} was set. */
  void markSavepoint(Object savepoint) {
    if (savepoints == null || refusedAt == null) {
      savepoints = new java.util.IdentityHashMap<>(2);
      refusedAt = new java.util.IdentityHashMap<>(2);
    }
    savepoints.put(savepoint, copy(pending));
    refusedAt.put(savepoint, java.util.Optional.ofNullable(rollbackOnly));
  }

  /**
   * Restores the buffer as it was at {@code savepoint}: the database forgets every row sent
   * since (buffered before or after the savepoint), so the rows buffered then are pending again,
   * and a refused insert sent since no longer keeps the transaction from committing.
   */
  void rollbackToSavepoint(Object savepoint) {
    Map<String, PendingInserts> then = savepoints == null ? null : savepoints.remove(savepoint);
    java.util.Optional<String> refused = refusedAt == null ? null : refusedAt.remove(savepoint);
    if (refused != null) {
      rollbackOnly = refused.orElse(null);
    }
    pending.clear();
    if (then != null) {
      pending.putAll(copy(then));
    }
  }

  private static Map<String, PendingInserts> copy(Map<String, PendingInserts> buffer) {
    Map<String, PendingInserts> copy = new LinkedHashMap<>();
    buffer.forEach((table, rows) -> copy.put(table,
        new PendingInserts(rows.table(), new ArrayList<>(rows.rows()))));
    return copy;
  }

  /** Returns the names of the tables with buffered rows. */
  List<String> pendingTables() {
    return List.copyOf(pending.keySet());
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
