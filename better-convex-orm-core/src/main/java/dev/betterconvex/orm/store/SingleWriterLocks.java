package dev.betterconvex.orm.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-process locks of a database whose writes the engine serializes itself (H2), shared by
 * every engine of the process on that database.
 *
 * <ul>
 *   <li>the <b>writer lock</b>: held by a writing transaction from its first engine call until it
 *       commits or rolls back (and by bootstrap), so writes run one at a time;</li>
 *   <li>the <b>commit lock</b>, a read/write lock: a query holds it shared for its whole
 *       transaction, a writing transaction exclusively for its commit only. Queries run at
 *       {@code READ COMMITTED} and so never see uncommitted data; since nothing commits while a
 *       query holds the lock, every statement of the query sees the same committed state, one
 *       snapshot (docs/architecture.md, "Transactions", has the argument).</li>
 * </ul>
 */
final class SingleWriterLocks {

  private static final Map<String, SingleWriterLocks> BY_DATABASE = new ConcurrentHashMap<>();

  private final ReentrantLock writer = new ReentrantLock(true);
  private final ReentrantReadWriteLock commits = new ReentrantReadWriteLock(true);

  private SingleWriterLocks() {
  }

  /** The locks of the database {@code identity} (see {@link SqlDialect#identity}). */
  static SingleWriterLocks of(String identity) {
    return BY_DATABASE.computeIfAbsent(identity, k -> new SingleWriterLocks());
  }

  void lockWriter() {
    writer.lock();
  }

  void unlockWriter() {
    writer.unlock();
  }

  /** Holds commits off until {@link #endQuery}; waits while one is under way. */
  void beginQuery() {
    commits.readLock().lock();
  }

  void endQuery() {
    commits.readLock().unlock();
  }

  /** Whether this thread is inside a query that holds commits off. */
  boolean inQuery() {
    return commits.getReadHoldCount() > 0;
  }

  /**
   * Waits until no query runs, then holds queries off until {@link #endCommit}.
   *
   * @throws IllegalStateException when this thread is itself inside a query: the commit would
   *     wait for it forever (a new writing transaction started inside {@code engine.query})
   */
  void beginCommit() {
    if (inQuery()) {
      throw new IllegalStateException("A writing transaction can't commit inside "
          + "ConvexEngine.query(...) on the same H2 database: the query holds commits off until "
          + "it returns (that is its snapshot). Run the write after the query, or in "
          + "ConvexEngine.mutation(...)");
    }
    commits.writeLock().lock();
  }

  void endCommit() {
    commits.writeLock().unlock();
  }

  /**
   * For tests: the threads waiting for the commit lock (commits held off by queries, queries by
   * a commit).
   */
  int waitingForCommitLock() {
    return commits.getQueueLength();
  }
}
