package dev.betterconvex.orm.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * What differs between the databases the engine runs on. Everything else (the layout, the
 * statements, the key encoding) is shared, so both databases behave identically.
 */
abstract class SqlDialect {

  /** Returns the dialect for the database behind {@code dataSource}. */
  static SqlDialect detect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("h2")) {
        return new H2(meta.getURL());
      }
      if (product.contains("postgres")) {
        return new Postgres();
      }
      throw new BootstrapException("Unsupported database '" + meta.getDatabaseProductName()
          + "': Better Convex ORM runs on H2 and PostgreSQL", false, null);
    }
    catch (SQLException ex) {
      throw new BootstrapException("Could not inspect the database: " + ex.getMessage(), false,
          ex);
    }
  }

  abstract String name();

  abstract String binaryType();

  abstract String textType();

  /** The type of {@code body_overflow}: text of any length Convex's limits allow. */
  abstract String largeTextType();

  /** The type binary statement parameters are cast to (unbounded: range ends may pass 2,048 bytes). */
  abstract String binaryParameterType();

  /**
   * Whether the database has {@code LATERAL} joins: then a multi-range read is one index scan per
   * range whatever the table statistics say (PostgreSQL may otherwise join the ranges with a
   * filter over the whole index while its statistics are stale); H2 has none, and already scans
   * the index once per range.
   */
  abstract boolean lateralJoins();

  /**
   * Whether mutations must be serialized inside this process because the database does not
   * detect read-write conflicts on ranges (H2 does not prevent phantoms).
   */
  abstract boolean singleWriter();

  /** Takes the lock that serializes schema bootstrap across processes, for this transaction. */
  abstract void lockBootstrap(Connection connection) throws SQLException;

  /** An identity of the database, used to share the single-writer lock within a process. */
  abstract String identity();

  /** Whether {@code ex} says the transaction lost a serialization conflict and may be re-run. */
  boolean isSerializationFailure(SQLException ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) {
          return true;
        }
      }
    }
    return false;
  }

  List<String> createTables() {
    String bin = binaryType();
    return List.of(
        "CREATE TABLE IF NOT EXISTS bc_meta (meta_key VARCHAR(64) PRIMARY KEY, "
            + "meta_value VARCHAR(1000) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS bc_tables (table_number INTEGER PRIMARY KEY, "
            + "table_name VARCHAR(64) NOT NULL UNIQUE)",
        "CREATE TABLE IF NOT EXISTS bc_indexes (index_id INTEGER PRIMARY KEY, "
            + "table_number INTEGER NOT NULL, index_name VARCHAR(64) NOT NULL, "
            + "index_fields VARCHAR(2000) NOT NULL, UNIQUE (table_number, index_name))",
        "CREATE TABLE IF NOT EXISTS bc_documents (id VARCHAR(40) PRIMARY KEY, "
            + "table_number INTEGER NOT NULL, creation_time DOUBLE PRECISION NOT NULL, "
            + "body " + textType() + " NOT NULL, body_overflow " + largeTextType() + ")",
        "CREATE TABLE IF NOT EXISTS bc_index_entries (index_id INTEGER NOT NULL, "
            + "index_key " + bin + " NOT NULL, document_id VARCHAR(40) NOT NULL, "
            + "PRIMARY KEY (index_id, index_key))");
  }

  static final class H2 extends SqlDialect {

    private final String url;

    H2(String url) {
      this.url = url;
    }

    @Override
    String name() {
      return "H2";
    }

    @Override
    String binaryType() {
      return "VARBINARY(" + JdbcDocumentStore.MAX_KEY_BYTES + ")";
    }

    @Override
    String textType() {
      return "CHARACTER VARYING(" + JdbcDocumentStore.MAX_INLINE_BODY + ")";
    }

    @Override
    String largeTextType() {
      return "CHARACTER LARGE OBJECT";
    }

    @Override
    String binaryParameterType() {
      return "VARBINARY";
    }

    @Override
    boolean lateralJoins() {
      return false;
    }

    @Override
    boolean singleWriter() {
      return true;
    }

    @Override
    void lockBootstrap(Connection connection) {
      // H2 databases are opened by one process; the single-writer lock serializes bootstrap.
    }

    @Override
    String identity() {
      return url;
    }
  }

  static final class Postgres extends SqlDialect {

    private static final long BOOTSTRAP_LOCK = 0x4243_4f52_4d00_0001L;

    @Override
    String name() {
      return "PostgreSQL";
    }

    @Override
    String binaryType() {
      return "BYTEA";
    }

    @Override
    String textType() {
      return "TEXT";
    }

    @Override
    String largeTextType() {
      return "TEXT";
    }

    @Override
    String binaryParameterType() {
      return "BYTEA";
    }

    @Override
    boolean lateralJoins() {
      return true;
    }

    @Override
    boolean singleWriter() {
      return false;
    }

    @Override
    void lockBootstrap(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")");
      }
    }

    @Override
    String identity() {
      return "postgresql@" + System.identityHashCode(this);
    }
  }
}
