package dev.betterconvex.orm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine's own read-only query transactions, begun and ended the way a
 * {@link DataSourceTransactionManager} of the engine's {@code DataSource} does it through a
 * {@link TransactionTemplate}, with the same connection calls and the same thread-bound state
 * (the connection holder, the synchronizations, read-only, the isolation, the name), so that
 * everything inside a query sees a Spring transaction as before ({@code DataSourceUtils}, a
 * {@code @Transactional} method joining it, {@code REQUIRES_NEW} suspending it), but without the
 * template's and the manager's per-call machinery (a status object, a transaction object,
 * suspension checks), a few tenths of a microsecond of an H2 get by id (docs/benchmarks.md, "The
 * H2 floor, per call").
 *
 * <p>Only where that is the same transaction: the manager is a {@code DataSourceTransactionManager}
 * of exactly this {@code DataSource} with Spring's defaults for what would change a read-only
 * transaction (no enforced read-only statement, no default timeout, synchronization always, no
 * execution listeners), and, per call, no synchronization is active already (a
 * {@code SUPPORTS} scope of the application's): otherwise the template begins it.
 */
final class QueryTransactions {

  /** A holder whose transaction is active, as the manager's {@code doBegin} marks it. */
  private static final class ActiveHolder extends ConnectionHolder {

    ActiveHolder(Connection connection) {
      super(connection);
      setSynchronizedWithTransaction(true);
      setTransactionActive(true);
    }
  }

  private final DataSource dataSource;
  private final DataSourceTransactionManager manager;
  private final int isolation;
  private final @Nullable String name;

  private QueryTransactions(DataSource dataSource, DataSourceTransactionManager manager,
      TransactionDefinition definition) {
    this.dataSource = dataSource;
    this.manager = manager;
    this.isolation = definition.getIsolationLevel();
    this.name = definition.getName();
  }

  /**
   * The direct path for transactions of {@code template} (read-only) begun by {@code manager},
   * or null where only the template begins them as it would.
   */
  static @Nullable QueryTransactions of(PlatformTransactionManager manager, DataSource dataSource,
      TransactionTemplate template) {
    if (!(manager instanceof DataSourceTransactionManager jdbc)
        || jdbc.getDataSource() != dataSource
        || jdbc.isEnforceReadOnly()
        || jdbc.getDefaultTimeout() != TransactionDefinition.TIMEOUT_DEFAULT
        || jdbc.getTransactionSynchronization()
            != AbstractPlatformTransactionManager.SYNCHRONIZATION_ALWAYS
        || !jdbc.getTransactionExecutionListeners().isEmpty()
        || !template.isReadOnly()
        || template.getPropagationBehavior() != TransactionDefinition.PROPAGATION_REQUIRED
        || template.getTimeout() != TransactionDefinition.TIMEOUT_DEFAULT) {
      return null;
    }
    return new QueryTransactions(dataSource, jdbc, template);
  }

  /** Whether {@link #run} may begin the transaction on this thread now. */
  boolean canBegin() {
    return !TransactionSynchronizationManager.isSynchronizationActive()
        && TransactionSynchronizationManager.getResource(dataSource) == null;
  }

  /**
   * Runs {@code work} in a new read-only transaction and commits it (rolls it back when
   * {@code work} throws), as {@code TransactionTemplate.execute} with the manager does.
   */
  <T> T run(Supplier<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    }
    catch (SQLException ex) {
      throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
          new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", ex));
    }
    ActiveHolder holder = new ActiveHolder(connection);
    boolean restoreAutoCommit = false;
    @Nullable Integer previousIsolation;
    try {
      previousIsolation = DataSourceUtils.prepareConnectionForTransaction(connection,
          definition());
      if (connection.getAutoCommit()) {
        restoreAutoCommit = true;
        connection.setAutoCommit(false);
      }
    }
    catch (SQLException | RuntimeException ex) {
      reset(connection, restoreAutoCommit, null);
      DataSourceUtils.releaseConnection(connection, dataSource);
      throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
          ex);
    }
    TransactionSynchronizationManager.bindResource(dataSource, holder);
    TransactionSynchronizationManager.setActualTransactionActive(true);
    TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(
        isolation == TransactionDefinition.ISOLATION_DEFAULT ? null : isolation);
    TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
    TransactionSynchronizationManager.setCurrentTransactionName(name);
    TransactionSynchronizationManager.initSynchronization();
    try {
      T result;
      try {
        result = work.get();
      }
      catch (RuntimeException | Error ex) {
        rollback(connection, ex);
        throw ex;
      }
      commit(connection, holder);
      return result;
    }
    finally {
      TransactionSynchronizationManager.clear();
      TransactionSynchronizationManager.unbindResourceIfPossible(dataSource);
      reset(connection, restoreAutoCommit, previousIsolation);
      DataSourceUtils.releaseConnection(connection, dataSource);
      holder.clear();
    }
  }

  private TransactionDefinition definition() {
    return new TransactionDefinition() {
      @Override
      public int getIsolationLevel() {
        return isolation;
      }

      @Override
      public boolean isReadOnly() {
        return true;
      }
    };
  }

  /** As the manager's {@code processCommit}; a holder marked rollback-only rolls back. */
  private void commit(Connection connection, ConnectionHolder holder) {
    if (holder.isRollbackOnly()) {
      rollback(connection, null);
      throw new UnexpectedRollbackException(
          "Transaction rolled back because it has been marked as rollback-only");
    }
    boolean beforeCompletion = false;
    try {
      TransactionSynchronizationUtils.triggerBeforeCommit(true);
      TransactionSynchronizationUtils.triggerBeforeCompletion();
      beforeCompletion = true;
      connection.commit();
    }
    catch (SQLException ex) {
      completed(TransactionSynchronization.STATUS_UNKNOWN);
      throw translate("JDBC commit", ex);
    }
    catch (RuntimeException | Error ex) {
      if (!beforeCompletion) {
        TransactionSynchronizationUtils.triggerBeforeCompletion();
      }
      rollbackAfterCompletion(connection, ex);
      throw ex;
    }
    try {
      TransactionSynchronizationUtils.triggerAfterCommit();
    }
    finally {
      completed(TransactionSynchronization.STATUS_COMMITTED);
    }
  }

  /** As the manager's {@code processRollback}, after {@code cause} (null: none). */
  private void rollback(Connection connection, @Nullable Throwable cause) {
    TransactionSynchronizationUtils.triggerBeforeCompletion();
    rollbackAfterCompletion(connection, cause);
  }

  private void rollbackAfterCompletion(Connection connection, @Nullable Throwable cause) {
    try {
      connection.rollback();
    }
    catch (SQLException ex) {
      completed(TransactionSynchronization.STATUS_UNKNOWN);
      RuntimeException failure = translate("JDBC rollback", ex);
      if (cause != null) {
        failure.addSuppressed(cause);
      }
      throw failure;
    }
    completed(TransactionSynchronization.STATUS_ROLLED_BACK);
  }

  private static void completed(int status) {
    List<TransactionSynchronization> synchronizations =
        TransactionSynchronizationManager.getSynchronizations();
    TransactionSynchronizationManager.clearSynchronization();
    TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, status);
  }

  private RuntimeException translate(String task, SQLException ex) {
    if (manager instanceof JdbcTransactionManager jdbc) {
      RuntimeException translated = jdbc.getExceptionTranslator().translate(task, null, ex);
      if (translated != null) {
        return translated;
      }
    }
    return new TransactionSystemException("Could not " + task.replace("JDBC ", "")
        + " JDBC transaction", ex);
  }

  /** As the manager's cleanup: auto-commit back on, then the isolation and read-only. */
  private static void reset(Connection connection, boolean restoreAutoCommit,
      @Nullable Integer previousIsolation) {
    try {
      if (restoreAutoCommit) {
        connection.setAutoCommit(true);
      }
    }
    catch (SQLException ex) {
      // As Spring: a connection that can't be reset is closed (released) anyway.
    }
    DataSourceUtils.resetConnectionAfterTransaction(connection, previousIsolation, true);
  }
}
