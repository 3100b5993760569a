package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Convex engine on one database: runs queries at a consistent snapshot and mutations as
 * serializable transactions that are re-run on conflict, with Convex's per-transaction limits.
 *
 * <p>Build it once per application with {@link #builder}; building creates or upgrades the
 * engine's tables. Inside a Spring transaction ({@code @Transactional} on the same
 * {@code DataSource}), {@link #db()} and {@link #mutation} join that transaction instead of
 * starting one; a conflict then surfaces as {@link OptimisticConcurrencyException} for the
 * caller to re-run the whole transaction.
 */
public final class ConvexEngine {

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private volatile TableRegistry registry;
  private final JdbcDocumentStore store;
  private final AggregateStore aggregates;
  private final VectorIndexes vectors = new VectorIndexes();
  private final EngineSettings settings;
  private final EngineStatistics statistics = new EngineStatistics();
  private final TransactionTemplate mutationTemplate;
  private final TransactionTemplate queryTemplate;
  /** Begins the engine's own query transactions without the template, where that is the same. */
  private final @Nullable QueryTransactions queries;
  private final Clock clock;
  private final @Nullable SingleWriterLocks locks;
  private final JdbcDatabase database;
  private final CursorCodec cursorCodec;
  private final MutationRetries retries;

  private ConvexEngine(Builder builder) {
    this.dataSource = builder.dataSource;
    this.settings = builder.settings;
    this.clock = builder.clock;
    this.dialect = SqlDialect.detect(dataSource);
    this.store = new JdbcDocumentStore();
    this.locks = dialect.singleWriter() ? SingleWriterLocks.of(dialect.identity()) : null;
    this.aggregates = new AggregateStore(dialect);
    PlatformTransactionManager txManager = builder.transactionManager != null
        ? builder.transactionManager : new JdbcTransactionManager(dataSource);
    // Where the dialect sets the isolation inside the transaction, Spring must not: its
    // get/set/reset of the connection's isolation costs three round trips on PostgreSQL.
    boolean springIsolation = dialect.isolationStatement(false) == null;
    this.mutationTemplate = new TransactionTemplate(txManager);
    this.mutationTemplate.setIsolationLevel(springIsolation
        ? dialect.mutationIsolation() : TransactionDefinition.ISOLATION_DEFAULT);
    this.mutationTemplate.setName("better-convex mutation");
    this.queryTemplate = new TransactionTemplate(txManager);
    this.queryTemplate.setIsolationLevel(springIsolation
        ? dialect.queryIsolation() : TransactionDefinition.ISOLATION_DEFAULT);
    this.queryTemplate.setReadOnly(true);
    this.queryTemplate.setName("better-convex query");
    this.queries = QueryTransactions.of(txManager, dataSource, queryTemplate);
    // Bootstrap takes the writer lock only: what it commits (new tables, key columns of
    // indexes still building, their READY mark) changes no document a running query can read.
    SingleWriterLocks held = locks;
    if (held != null) {
      held.lockWriter();
    }
    try {
      this.registry = new StoreBootstrap(dataSource, dialect, store, builder.afterBackfillBatch,
          aggregates)
          .run(builder.schema, settings.bootstrap());
    }
    finally {
      if (held != null) {
        held.unlockWriter();
      }
    }
    this.database = new JdbcDatabase(this);
    this.cursorCodec = new CursorCodec(this::registry);
    this.retries = new MutationRetries(settings, statistics, this::isConflict);
  }

  /** Starts building an engine over {@code dataSource} for {@code schema}. */
  public static Builder builder(DataSource dataSource, Schema schema) {
    return new Builder(dataSource, schema);
  }

  /**
   * Runs {@code query} in a read-only transaction at a consistent snapshot, or inside the
   * current Spring transaction. Read-only queries never fail for conflicts.
   */
  public <T> T query(Function<? super DatabaseReader, T> query) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return query.apply(database);
    }
    QueryTransactions direct = queries;
    T result = direct != null && direct.canBegin()
        ? direct.run(() -> underQueryLock(query))
        : queryTemplate.execute(status -> underQueryLock(query));
    statistics.queries.increment();
    return result;
  }

  /** Runs {@code query} in the transaction just begun, holding commits off on H2. */
  private <T> T underQueryLock(Function<? super DatabaseReader, T> query) {
    // On H2 the snapshot is the commit lock, held shared around every statement of the query.
    // It is taken once the transaction holds its connection: a query that holds it never
    // waits for a connection (which a writer waiting for its commit might hold).
    SingleWriterLocks held = locks;
    if (held != null) {
      held.beginQuery();
    }
    try {
      setIsolation(true);
      return query.apply(database);
    }
    finally {
      if (held != null) {
        held.endQuery();
      }
    }
  }

  /**
   * Runs {@code mutation} as one serializable transaction, re-running it from scratch when it
   * conflicts with a concurrent one, after a jittered backoff, until the settings' retry budget
   * ({@link EngineSettings#retryBudget()}, 10 s by default) is spent. When it returns, the
   * commit is on disk. Inside a current Spring transaction it joins it and does not retry.
   *
   * @throws OptimisticConcurrencyException when it still conflicts once the budget is spent,
   *     naming the attempts, the time they took and the tables
   */
  public <T> T mutation(Function<? super DatabaseWriter, T> mutation) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      try {
        return mutation.apply(database);
      }
      catch (RuntimeException ex) {
        if (isConflict(ex)) {
          statistics.conflicts.increment();
        }
        throw ex;
      }
    }
    T result = retries.run(tables -> mutationTemplate.execute(status -> {
      setIsolation(false);
      try {
        return mutation.apply(database);
      }
      finally {
        Object state = TransactionSynchronizationManager.getResource(this);
        if (state instanceof TransactionState touched) {
          tables.addAll(touched.tablesTouched());
        }
      }
    }));
    statistics.mutations.increment();
    return result;
  }

  /**
   * Returns the database API bound to the current Spring transaction, for code that runs inside
   * {@code @Transactional}; every call fails when no transaction is active.
   */
  public DatabaseWriter db() {
    return database;
  }

  /** Returns the codec that seals and opens pagination cursors for this database. */
  CursorCodec cursors() {
    return cursorCodec;
  }

  /** Returns the schema the engine serves. */
  public Schema schema() {
    return registry.schema();
  }

  /**
   * Returns whether {@code table.index} can be read ({@link IndexState#READY}) or is still being
   * built ({@link IndexState#BUILDING}: a query on it fails with {@link IndexNotReadyException}),
   * as the database records it now.
   *
   * @throws InvalidIndexRangeException when the table has no such index
   */
  public IndexState indexState(String table, String index) {
    reloadIndexes(registry.indexVersion());
    TableRegistry current = registry;
    return current.state(current.table(table).index(index));
  }

  /**
   * Returns the index for a read, failing when it is still being built; a read of an index that
   * this engine knows as building first checks whether another process finished it.
   */
  TableRegistry.IndexInfo readableIndex(String table, String index) {
    return readable(table, index, t -> t.index(index), TableRegistry::state);
  }

  /**
   * Looks an index of {@code table} up in the registry; when it is not READY there, reloads the
   * registry once (another process may have finished it) and fails if it is still not READY.
   */
  private <I> I readable(String table, String index,
      java.util.function.Function<TableRegistry.TableInfo, I> lookup,
      java.util.function.BiFunction<TableRegistry, I, IndexState> stateOf) {
    TableRegistry current = registry;
    I info = lookup.apply(current.table(table));
    if (stateOf.apply(current, info) == IndexState.READY) {
      return info;
    }
    reloadIndexes(current.indexVersion());
    current = registry;
    info = lookup.apply(current.table(table));
    if (stateOf.apply(current, info) != IndexState.READY) {
      throw new IndexNotReadyException(table, index);
    }
    return info;
  }

  /**
   * Returns whether the aggregate index {@code table.index} can be read ({@link IndexState#READY})
   * or is still being built from the rows that existed when it was declared
   * ({@link IndexState#BUILDING}: an aggregate query on it fails with
   * {@link IndexNotReadyException}), as the database records it now.
   *
   * @throws InvalidIndexRangeException when the table has no such aggregate index
   */
  public IndexState aggregateIndexState(String table, String index) {
    AggregateStore.Info info = aggregates.info(registry.table(table).name(), index);
    return query(db -> database.inTransaction(info.table(),
        (c, state) -> aggregates.state(c, info)));
  }

  /**
   * Recomputes the aggregate index {@code table.index} from the rows and returns what differed.
   * One transaction takes the buckets as they are, deletes them and marks the index
   * {@link IndexState#BUILDING}; then batches of 500 documents in id order, each one serializable
   * transaction retried like a mutation, add the rows to it, as the build of a new aggregate
   * index does (writes meanwhile maintain it for the documents before the progress); the last
   * one marks it {@link IndexState#READY}. While it runs, aggregate reads of the index fail with
   * {@link IndexNotReadyException}. Run it when no other application instance writes the table:
   * an instance that has seen the index ready keeps adding every write to it and would count the
   * documents after the progress twice. Interrupted, the index stays building: run it again (or
   * a {@code CREATE_OR_UPGRADE} start resumes it).
   *
   * @throws InvalidIndexRangeException when the table has no such aggregate index
   * @throws IllegalStateException inside a transaction (the rebuild runs its own)
   */
  public AggregateRebuild rebuildAggregateIndex(String table, String index) {
    return rebuildAggregateIndex(table, index, documents -> { });
  }

  /** {@link #rebuildAggregateIndex}, calling {@code afterBatch} after each committed batch. */
  AggregateRebuild rebuildAggregateIndex(String table, String index,
      java.util.function.LongConsumer afterBatch) {
    refuseInTransaction("rebuildAggregateIndex", table, index);
    return rebuild(aggregates.info(registry.table(table).name(), index), afterBatch);
  }

  /**
   * Recomputes the rank index {@code table.index} from the rows, as
   * {@link #rebuildAggregateIndex} does an aggregate index: its skip lists are deleted, the
   * index is {@link IndexState#BUILDING} (rank reads fail with {@link IndexNotReadyException})
   * while batches of documents are added again, then {@link IndexState#READY}. In the report a
   * bucket is a partition (its row count; rank indexes keep no sums per bucket to compare) and
   * the entries are the skip lists' node rows. The same rule holds: run it when no other
   * application instance writes the table.
   *
   * @throws InvalidIndexRangeException when the table has no such rank index
   * @throws IllegalStateException inside a transaction (the rebuild runs its own)
   */
  public AggregateRebuild rebuildRankIndex(String table, String index) {
    refuseInTransaction("rebuildRankIndex", table, index);
    return rebuild(aggregates.rankInfo(registry.table(table).name(), index), documents -> { });
  }

  private static void refuseInTransaction(String operation, String table, String index) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(operation + "(" + table + ", " + index + ") runs "
          + "its own transactions; call it outside a transaction");
    }
  }

  private AggregateRebuild rebuild(AggregateStore.Info info,
      java.util.function.LongConsumer afterBatch) {
    String index = info.schema().name();
    PhysicalTable physical = registry.table(info.table()).physical();
    AggregateStore.Snapshot before = mutation(tx -> database.inTransaction(info.table(),
        (c, state) -> aggregates.startRebuild(c, info)));
    long documents = 0;
    while (true) {
      int added = mutation(tx -> database.inTransaction(info.table(),
          (c, state) -> aggregates.buildBatch(c, store, physical, info)));
      if (added == AggregateStore.ABSENT) {
        throw new InvalidIndexRangeException("The " + info.kind() + " " + info.table() + "."
            + index + " was dropped by another build during its rebuild");
      }
      if (added < 0) {
        break;
      }
      documents += added;
      afterBatch.accept(documents);
    }
    aggregates.knownReady(info);
    AggregateStore.Snapshot after = query(db -> database.inTransaction(info.table(),
        (c, state) -> aggregates.snapshot(c, info)));
    return AggregateRebuild.of(info.table(), index, documents, before, after);
  }

  /**
   * Returns whether the rank index {@code table.index} can be read ({@link IndexState#READY}) or
   * is still being built ({@link IndexState#BUILDING}: a rank read of it fails with
   * {@link IndexNotReadyException}), as the database records it now.
   *
   * @throws InvalidIndexRangeException when the table has no such rank index
   */
  public IndexState rankIndexState(String table, String index) {
    AggregateStore.Info info = aggregates.rankInfo(registry.table(table).name(), index);
    return query(db -> database.inTransaction(info.table(),
        (c, state) -> aggregates.state(c, info)));
  }

  /**
   * Returns the search index for a search, failing when it is still being built (after
   * checking whether another process finished it).
   */
  TableRegistry.SearchInfo readableSearch(String table, String index) {
    return readable(table, index, t -> t.search(index), TableRegistry::state);
  }

  /** Returns the engine's counters (retries, conflicts, documents read and written). */
  public EngineStatistics statistics() {
    return statistics;
  }

  /** Returns the name of the database the engine runs on ({@code H2} or {@code PostgreSQL}). */
  public String databaseName() {
    return dialect.name();
  }

  /** Returns the settings the engine runs with. */
  public EngineSettings settings() {
    return settings;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** For tests: threads waiting for the H2 commit lock (always 0 on PostgreSQL). */
  int waitingForCommitLock() {
    SingleWriterLocks held = locks;
    return held == null ? 0 : held.waitingForCommitLock();
  }

  TableRegistry registry() {
    return registry;
  }

  JdbcDocumentStore store() {
    return store;
  }

  AggregateStore aggregates() {
    return aggregates;
  }

  VectorIndexes vectors() {
    return vectors;
  }

  SqlDialect dialect() {
    return dialect;
  }

  double now() {
    Instant instant = clock.instant();
    return instant.getEpochSecond() * 1000.0 + instant.getNano() / 1_000_000.0;
  }

  /** Returns the state of the current transaction, binding a fresh one on first use. */
  TransactionState currentState() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("No transaction is active: call the database inside "
          + "ConvexEngine.query(...), ConvexEngine.mutation(...) or a @Transactional method");
    }
    TransactionState state = (TransactionState) TransactionSynchronizationManager.getResource(this);
    if (state != null) {
      return state;
    }
    boolean readOnly = TransactionSynchronizationManager.isCurrentTransactionReadOnly();
    if (!readOnly) {
      onConnection(dialect::beforeWrites);
    }
    TransactionState fresh = new TransactionState(settings.limits(), statistics, readOnly,
        registry.indexVersion());
    TransactionSynchronizationManager.bindResource(this, fresh);
    if (readOnly) {
      // Nothing to send before the commit (a read-only transaction buffers no insert), no lock
      // to release: only the state to forget.
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(ConvexEngine.this);
        }
      });
      return fresh;
    }
    SingleWriterLocks lock = locks;
    if (lock != null) {
      lock.lockWriter();
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      private boolean committing;

      @Override
      public void beforeCommit(boolean readOnly) {
        database.flushAll();
        if (lock != null) {
          // The last step before the commit: queries wait from here until it is done.
          lock.beginCommit();
          committing = true;
        }
      }

      @Override
      public void savepoint(Object savepoint) {
        fresh.markSavepoint(savepoint);
      }

      @Override
      public void savepointRollback(Object savepoint) {
        fresh.rollbackToSavepoint(savepoint);
      }

      @Override
      public void afterCommit() {
        endCommit();
        // Still under the writer lock and on the transaction's open connection.
        onConnection(dialect::afterWriteCommit);
      }

      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(ConvexEngine.this);
        if (lock != null) {
          endCommit();
          lock.unlockWriter();
        }
      }

      private void endCommit() {
        if (committing && lock != null) {
          committing = false;
          lock.endCommit();
        }
      }
    });
    return fresh;
  }

  private interface ConnectionWork {
    void run(Connection connection) throws SQLException;
  }

  /**
   * Sets the isolation of a transaction the engine just began, where the dialect does it: with
   * the transaction's first statement, in the same round trip.
   */
  private void setIsolation(boolean readOnly) {
    String sql = dialect.isolationStatement(readOnly);
    if (sql != null) {
      currentState().deferIsolation(sql);
    }
  }

  /** Runs {@code work} on the current transaction's connection. */
  private void onConnection(ConnectionWork work) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      work.run(connection);
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not prepare or check the transaction on "
          + dialect.name() + ": " + ex.getMessage(), ex);
    }
    finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  /**
   * Reads the index set again when the database's index version is not {@code seen} (the one the
   * failing transaction started with) and returns whether it moved since: then the transaction
   * must be re-run with the new set, so that it maintains every index recorded in the database.
   */
  boolean reloadIndexes(long seen) {
    synchronized (this) {
      // On a connection of its own, outside the transaction's snapshot; but inside an H2 query
      // on the query's connection (it reads the latest commits at READ COMMITTED): a query
      // holding the commit lock must not wait for a pooled connection.
      SingleWriterLocks held = locks;
      boolean own = held == null || !held.inQuery();
      Connection c = null;
      try {
        c = own ? dataSource.getConnection() : DataSourceUtils.getConnection(dataSource);
        long now = RegistryLoader.indexVersion(c);
        if (now != registry.indexVersion()) {
          registry = RegistryLoader.load(c, registry.schema(), dialect);
        }
      }
      catch (SQLException ex) {
        throw new IllegalStateException("Could not read the index set of " + dialect.name()
            + ": " + ex.getMessage(), ex);
      }
      finally {
        close(c, own);
      }
      return registry.indexVersion() != seen;
    }
  }

  private void close(@Nullable Connection c, boolean own) {
    if (c == null) {
      return;
    }
    if (!own) {
      DataSourceUtils.releaseConnection(c, dataSource);
      return;
    }
    try {
      c.close();
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not close a connection to " + dialect.name()
          + ": " + ex.getMessage(), ex);
    }
  }

  /** Turns a database error into the engine's exceptions; conflicts become retryable. */
  RuntimeException translate(SQLException ex, String table) {
    if (dialect.isSerializationFailure(ex)) {
      return new OptimisticConcurrencyException("Transaction conflicted with a concurrent "
          + "transaction on table \"" + table + "\"", ex);
    }
    String task = "better-convex on table \"" + table + "\"";
    RuntimeException translated =
        new org.springframework.jdbc.support.SQLExceptionSubclassTranslator().translate(task, null, ex);
    return translated != null ? translated
        : new org.springframework.jdbc.UncategorizedSQLException(task, null, ex);
  }

  private boolean isConflict(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof StaleVersionException) {
        return false;
      }
      if (t instanceof OptimisticConcurrencyException
          || t instanceof PessimisticLockingFailureException) {
        return true;
      }
      if (t instanceof OptimisticLockingFailureException) {
        return true;
      }
      if (t instanceof SQLException sql && dialect.isSerializationFailure(sql)) {
        return true;
      }
    }
    return false;
  }

  /** Builds a {@link ConvexEngine}. */
  public static final class Builder {

    private final DataSource dataSource;
    private final Schema schema;
    private EngineSettings settings = EngineSettings.DEFAULTS;
    private @Nullable PlatformTransactionManager transactionManager;
    private Clock clock = Clock.systemUTC();
    private java.util.function.Predicate<String> afterBackfillBatch = index -> true;

    private Builder(DataSource dataSource, Schema schema) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Sets retries, limits and bootstrap mode (default {@link EngineSettings#DEFAULTS}). */
    public Builder settings(EngineSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Sets the transaction manager the engine starts its transactions with; it must manage
     * {@code dataSource}. Default: a {@link JdbcTransactionManager} of its own.
     */
    public Builder transactionManager(PlatformTransactionManager transactionManager) {
      this.transactionManager = Objects.requireNonNull(transactionManager, "transactionManager");
      return this;
    }

    /** Sets the clock {@code _creationTime} is taken from (default: the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For tests: called after each committed batch of an index backfill; false stops it. */
    Builder afterBackfillBatch(java.util.function.Predicate<String> afterBackfillBatch) {
      this.afterBackfillBatch = afterBackfillBatch;
      return this;
    }

    /** Builds the engine, creating or upgrading its tables as the settings say. */
    public ConvexEngine build() {
      return new ConvexEngine(this);
    }
  }

  static Set<String> systemFields() {
    return Set.of(Document.ID, Document.CREATION_TIME);
  }
}
