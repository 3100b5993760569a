package dev.betterconvex.orm.store;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what an engine has done since it started; cheap, thread-safe, monotonic. */
public final class EngineStatistics {

  final LongAdder retries = new LongAdder();
  final LongAdder conflicts = new LongAdder();
  final LongAdder retriesExhausted = new LongAdder();
  final LongAdder mutations = new LongAdder();
  final LongAdder queries = new LongAdder();
  final LongAdder documentsRead = new LongAdder();
  final LongAdder documentsWritten = new LongAdder();

  EngineStatistics() {
  }

  /** Returns how many times a mutation was re-run after a conflict. */
  public long retries() {
    return retries.sum();
  }

  /**
   * Returns how many serialization conflicts the engine saw, retried or not, including those in
   * Spring transactions it joined.
   */
  public long conflicts() {
    return conflicts.sum();
  }

  /**
   * Returns how many mutations failed with {@link OptimisticConcurrencyException} because their
   * retry budget or retry count was spent.
   */
  public long retriesExhausted() {
    return retriesExhausted.sum();
  }

  /** Returns how many mutations committed. */
  public long mutations() {
    return mutations.sum();
  }

  /** Returns how many read-only queries completed. */
  public long queries() {
    return queries.sum();
  }

  /** Returns how many documents were read from the database, in all transactions. */
  public long documentsRead() {
    return documentsRead.sum();
  }

  /** Returns how many documents were inserted, replaced or deleted, in all transactions. */
  public long documentsWritten() {
    return documentsWritten.sum();
  }

  @Override
  public String toString() {
    return "EngineStatistics[mutations=" + mutations() + ", queries=" + queries() + ", retries="
        + retries() + ", conflicts=" + conflicts() + ", retriesExhausted=" + retriesExhausted()
        + ", documentsRead=" + documentsRead()
        + ", documentsWritten=" + documentsWritten() + "]";
  }
}
