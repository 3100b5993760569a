package dev.betterconvex.orm.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes every commit on an H2 file database written to its file before the commit returns, so
 * that an acknowledged commit survives the process being killed.
 *
 * <p>H2 writes a commit up to {@code WRITE_DELAY} ms later (500 by default) unless the setting
 * is 0. The setting is reset each time the database is opened (when its last connection closed
 * and a new one opens it) and by every connection whose URL sets it. So the engine sets it to 0
 * at startup and on each physical connection before its first write transaction, and checks it
 * again after a write commit whenever a connection was opened since the last check (reading the
 * setting costs milliseconds, the newest session id microseconds): if something raised it, it
 * writes the pending commits at once ({@code CHECKPOINT}) and sets it back. Both need H2 admin
 * rights; without them the engine refuses to write rather than acknowledge commits it cannot
 * keep, and checks the setting after every commit.
 */
final class H2Durability {

  private static final Log logger = LogFactory.getLog(H2Durability.class);

  private static final String READ_DELAY = "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
      + "WHERE SETTING_NAME = 'WRITE_DELAY'";

  private static final String NEWEST_SESSION = "SELECT SESSION_ID, SESSION_START FROM "
      + "INFORMATION_SCHEMA.SESSIONS ORDER BY SESSION_ID DESC LIMIT 1";

  private static final int ADMIN_RIGHTS_REQUIRED = 90040;

  private final boolean persistent;
  private final boolean admin;
  private final Set<Connection> prepared =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private volatile String checkedUpTo = "";

  /** Inspects the database behind {@code connection} and makes its commits durable now. */
  H2Durability(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT DATABASE_PATH()")) {
      // An in-memory database has no file to write to: nothing outlives the process anyway.
      this.persistent = rs.next() && rs.getString(1) != null;
    }
    this.admin = persistent && trySetNoDelay(connection);
    if (persistent && !admin) {
      int delay = writeDelay(connection);
      if (delay != 0) {
        setNoDelay(connection, delay);
      }
    }
  }

  /** Sets {@code WRITE_DELAY} to 0 unless that was done on this physical connection already. */
  void beforeWrites(Connection connection) throws SQLException {
    if (!persistent) {
      return;
    }
    Connection physical = physical(connection);
    if (prepared.contains(physical)) {
      return;
    }
    int delay = writeDelay(connection);
    if (delay != 0) {
      setNoDelay(connection, delay);
    }
    prepared.add(physical);
  }

  /**
   * Checks, after a write transaction committed on {@code connection} (still open, so the
   * database was not reopened meanwhile), that its commit was not delayed; if it was, writes it.
   */
  void afterWriteCommit(Connection connection) throws SQLException {
    if (!persistent) {
      return;
    }
    String newest = "";
    if (admin) {
      // Only a new connection (its URL) or an explicit SET can raise the delay of an open database.
      newest = newestSession(connection);
      if (newest.equals(checkedUpTo)) {
        return;
      }
    }
    int delay = writeDelay(connection);
    checkedUpTo = newest;
    if (delay == 0) {
      return;
    }
    logger.warn("H2's WRITE_DELAY was raised to " + delay + " ms while the engine was writing "
        + "(a WRITE_DELAY in the JDBC URL is applied by every new connection): writing the last "
        + "commits now and setting it back to 0; remove it from the URL");
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    }
    catch (SQLException ex) {
      throw refusal(delay, "the mutation committed but may not be written to disk yet, and "
          + "the engine cannot write it (CHECKPOINT)", ex);
    }
    setNoDelay(connection, delay);
  }

  private static int writeDelay(Connection connection) throws SQLException {
    int delay = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(READ_DELAY)) {
      // The stored setting and the value in force (they differ after a reopen): both must be 0.
      while (rs.next()) {
        int value = Integer.parseInt(rs.getString(1).trim());
        delay = Math.max(delay, value);
      }
    }
    return delay;
  }

  private static String newestSession(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(NEWEST_SESSION)) {
      // The start time tells the sessions of one opening of the database from the next one's.
      return rs.next() ? rs.getLong(1) + "@" + rs.getString(2) : "";
    }
  }

  /** Sets {@code WRITE_DELAY} to 0; returns false when the user lacks the admin rights. */
  private static boolean trySetNoDelay(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET WRITE_DELAY 0");
      return true;
    }
    catch (SQLException ex) {
      if (ex.getErrorCode() != ADMIN_RIGHTS_REQUIRED) {
        throw ex;
      }
      return false;
    }
  }

  private static void setNoDelay(Connection connection, int delay) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET WRITE_DELAY 0");
    }
    catch (SQLException ex) {
      if (ex.getErrorCode() != ADMIN_RIGHTS_REQUIRED) {
        throw ex;
      }
      throw refusal(delay, "the engine cannot set WRITE_DELAY 0", ex);
    }
  }

  private static IllegalStateException refusal(int delay, String problem, SQLException ex) {
    return new IllegalStateException("H2 delays writing each commit to disk by up to " + delay
        + " ms (WRITE_DELAY), so a crash would lose commits already acknowledged, and " + problem
        + ": " + ex.getMessage() + ". Connect as an H2 admin user (the engine then sets "
        + "WRITE_DELAY 0 itself), or use PostgreSQL", ex);
  }

  /** The innermost connection a pool or proxy hands out, to recognize a physical connection. */
  private static Connection physical(Connection connection) {
    Connection current = connection;
    for (int depth = 0; depth < 8; depth++) {
      @Nullable Connection next;
      try {
        next = current.unwrap(Connection.class);
      }
      catch (SQLException | RuntimeException ex) {
        return current;
      }
      if (next == null || next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }
}
