package dev.betterconvex.orm.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

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
        return new H2(meta.getURL(), new H2Durability(connection));
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

  /** The type of a binary column holding exactly {@code bytes} bytes (a stored vector). */
  abstract String vectorType(int bytes);

  /**
   * Asks for the rows of {@code statement} in the database's binary form from its first run
   * (a read of many binary values, the vectors of a vector search); a hint.
   */
  void binaryRows(java.sql.PreparedStatement statement) {
  }

  /** The type of the id column: it must sort ids as unsigned bytes (see {@link IdRange}). */
  abstract String idType();

  /** The body column(s), with their types, in the order of {@link #bodyColumns}. */
  abstract String bodyDdl();

  /** The column names the body is stored in (PostgreSQL: one; H2: an inline and an overflow). */
  abstract List<String> bodyColumns();

  /** Binds {@code body} to the body columns from parameter {@code index}; returns the next. */
  abstract int bindBody(java.sql.PreparedStatement ps, int index, String body) throws SQLException;

  /** Reads the body from the body columns starting at result column {@code index}. */
  abstract String readBody(java.sql.ResultSet rs, int index) throws SQLException;

  /**
   * An SQL expression of the size a row skipped by an offset counts against the bytes-read
   * limit, read without scanning the body: on H2 its length in characters (H2 keeps it with the
   * string), which is what reading the row counts ({@code String.length()}); on PostgreSQL its
   * stored size in bytes ({@code OCTET_LENGTH}, from the value's header, also for a body moved
   * to TOAST), which is the same for ASCII and up to three times it otherwise, never less.
   */
  abstract String skippedBodySize();

  /**
   * The isolation level of mutations: SERIALIZABLE where the database detects conflicts
   * (PostgreSQL); READ COMMITTED on H2, whose mutations the engine already runs one at a time
   * (see docs/architecture.md, "Transactions", for why that is serializable).
   */
  abstract int mutationIsolation();

  /**
   * The isolation level of read-only queries: REPEATABLE READ (one snapshot) on PostgreSQL;
   * READ COMMITTED on H2, where the engine's commit lock gives the query one snapshot instead
   * ({@link SingleWriterLocks}; at REPEATABLE READ H2 never reuses a statement's last result,
   * see docs/architecture.md, "Transactions").
   */
  abstract int queryIsolation();

  /**
   * Whether the key column indexes are declared UNIQUE. Every key ends with the document's id,
   * so keys are distinct either way; H2 checks a UNIQUE index by a walk of its B-tree of its own
   * before the insert's (measured: a fifth of an insert batch's time), PostgreSQL within it.
   */
  boolean uniqueKeyIndexes() {
    return true;
  }

  /**
   * Whether a physical table's primary key is a {@code BIGINT} row key computed from the id
   * ({@link PhysicalTable#rowKey}) instead of the id itself. H2 keeps a single integer primary
   * key as the key of the table's own B-tree and any other one as a second B-tree over a hidden
   * row number, so a read by a {@code VARCHAR} id searches two B-trees; by the row key, one.
   */
  boolean rowKeys() {
    return false;
  }

  /**
   * The storage layout this engine writes on this database: 2, or 3 on H2, which is layout 2
   * with the row key of {@link #rowKeys}.
   */
  String layoutVersion() {
    return rowKeys() ? "3" : "2";
  }

  /** The most ranges one multi-range read statement holds. */
  int maxRangesPerStatement() {
    return 1000;
  }

  /** Returns whether the table (a name as the engine writes it, unquoted) exists. */
  boolean tableExists(Connection connection, String table) throws SQLException {
    try (java.sql.ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(),
        storedName(table), new String[] {"TABLE", "BASE TABLE"})) {
      return rs.next();
    }
  }

  /** Returns the names (as the engine writes them, lower case) of the columns of a table. */
  java.util.Set<String> columns(Connection connection, String table) throws SQLException {
    java.util.Set<String> columns = new java.util.HashSet<>();
    try (java.sql.ResultSet rs = connection.getMetaData().getColumns(null, connection.getSchema(),
        storedName(table), null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return columns;
  }

  /** How the database stores an unquoted identifier. */
  abstract String storedName(String identifier);

  /** The type binary statement parameters are cast to (unbounded: range ends may pass 2,048 bytes). */
  abstract String binaryParameterType();

  /**
   * Whether the database has {@code LATERAL} joins: then a multi-range read is a {@code VALUES}
   * list joined laterally to one index walk per range; H2 has none and gets a {@code UNION ALL}
   * of per-range subqueries instead (see {@link JdbcDocumentStore#scanRanges}).
   */
  abstract boolean lateralJoins();

  /**
   * Whether array parameters ({@code Connection.createArrayOf}) can be unnested into rows, so
   * that many rows of unknown number go in one statement of fixed text (one round trip and one
   * execution, and a statement the server prepares once).
   */
  boolean arrayParameters() {
    return false;
  }

  /**
   * The most rows one multi-row {@code INSERT ... VALUES (...), (...)} may carry, or 0 to send
   * many inserted rows as a JDBC batch of one-row inserts instead. A multi-row insert is one
   * {@code executeUpdate}, so it carries the transaction's isolation in the same round trip
   * (a batch cannot: the isolation then costs a round trip of its own).
   */
  int multiRowInsertParameters() {
    return 0;
  }

  /**
   * Whether mutations must be serialized inside this process because the database does not
   * detect read-write conflicts on ranges (H2 does not prevent phantoms).
   */
  abstract boolean singleWriter();

  /** Takes the lock that serializes schema bootstrap across processes, for this transaction. */
  abstract void lockBootstrap(Connection connection) throws SQLException;

  /**
   * Holds every write to {@code table} until the transaction ends, before an index build's last
   * step (H2: the single-writer lock, held by the bootstrap, does already).
   */
  void lockForIndexBuild(Connection connection, String table) throws SQLException {
  }

  /** An identity of the database, used to share the single-writer lock within a process. */
  abstract String identity();

  /**
   * The statement that sets the isolation of the engine's own transaction, sent with its first
   * statement and scoped to it; {@code null} where Spring sets it on the connection instead
   * (and resets it after).
   */
  @Nullable String isolationStatement(boolean readOnly) {
    return null;
  }

  /**
   * Prepares {@code connection} for a write transaction, before its first statement, so that its
   * commit is on disk when it returns (H2 delays it unless told otherwise).
   */
  void beforeWrites(Connection connection) throws SQLException {
  }

  /** Checks, after a write transaction committed on {@code connection}, that it is on disk. */
  void afterWriteCommit(Connection connection) throws SQLException {
  }

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

  /**
   * Whether {@code ex} may say that the table has a key column this engine does not know (a
   * {@code NOT NULL} key column left empty by an insert) or lacks one it knows (dropped), or
   * that a vector index table it knows is gone: then another build changed the index set.
   */
  boolean isKeyColumnMismatch(SQLException ex) {
    for (SQLException e = ex; e != null; e = e.getNextException()) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && java.util.Set.of("23502", "42703", "42S22", "42P01",
            "42S02")
            .contains(sql.getSQLState())) {
          return true;
        }
      }
    }
    return false;
  }

  List<String> createTables() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS bc_meta (meta_key VARCHAR(64) PRIMARY KEY, "
            + "meta_value VARCHAR(1000) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS bc_tables (table_number INTEGER PRIMARY KEY, "
            + "table_name VARCHAR(64) NOT NULL UNIQUE)",
        "CREATE TABLE IF NOT EXISTS bc_indexes (index_id INTEGER PRIMARY KEY, "
            + "table_number INTEGER NOT NULL, index_name VARCHAR(64) NOT NULL, "
            + "index_fields VARCHAR(2000) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS " + VectorBootstrap.TABLE + " (index_id INTEGER PRIMARY KEY, "
            + "table_number INTEGER NOT NULL, index_name VARCHAR(64) NOT NULL, "
            + "index_definition VARCHAR(2000) NOT NULL, UNIQUE (table_number, index_name))",
        SearchIndexBootstrap.createTableSql());
  }

  /** Columns added to the bookkeeping tables since they were first created (idempotent). */
  List<String> upgradeTables() {
    return List.of(
        "ALTER TABLE bc_indexes ADD COLUMN IF NOT EXISTS index_state VARCHAR(16) "
            + "DEFAULT 'READY' NOT NULL",
        "ALTER TABLE bc_indexes ADD COLUMN IF NOT EXISTS backfill_after VARCHAR(40)",
        "ALTER TABLE bc_tables ADD COLUMN IF NOT EXISTS table_fields VARCHAR(1000000)");
  }

  static final class H2 extends SqlDialect {

    private final String url;
    private final H2Durability durability;

    H2(String url, H2Durability durability) {
      this.url = url;
      this.durability = durability;
    }

    @Override
    void beforeWrites(Connection connection) throws SQLException {
      durability.beforeWrites(connection);
    }

    @Override
    void afterWriteCommit(Connection connection) throws SQLException {
      durability.afterWriteCommit(connection);
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
    String vectorType(int bytes) {
      return "VARBINARY(" + bytes + ")";
    }

    /** H2's longest CHARACTER VARYING; longer bodies go to the overflow CLOB column. */
    static final int INLINE_BODY_CHARS = 1_000_000;

    @Override
    String idType() {
      return "VARCHAR(40)";
    }

    @Override
    String bodyDdl() {
      return "body CHARACTER VARYING(" + INLINE_BODY_CHARS + "), body_overflow CHARACTER LARGE OBJECT";
    }

    @Override
    List<String> bodyColumns() {
      return List.of("body", "body_overflow");
    }

    @Override
    int bindBody(java.sql.PreparedStatement ps, int index, String body) throws SQLException {
      boolean inline = body.length() <= INLINE_BODY_CHARS;
      ps.setString(index, inline ? body : null);
      ps.setString(index + 1, inline ? null : body);
      return index + 2;
    }

    @Override
    String readBody(java.sql.ResultSet rs, int index) throws SQLException {
      String inline = rs.getString(index);
      return inline != null ? inline : rs.getString(index + 1);
    }

    @Override
    String skippedBodySize() {
      return "COALESCE(CHAR_LENGTH(body), CHAR_LENGTH(body_overflow))";
    }

    @Override
    int mutationIsolation() {
      return Connection.TRANSACTION_READ_COMMITTED;
    }

    @Override
    int queryIsolation() {
      return Connection.TRANSACTION_READ_COMMITTED;
    }

    @Override
    boolean uniqueKeyIndexes() {
      return false;
    }

    @Override
    boolean rowKeys() {
      return true;
    }

    @Override
    String storedName(String identifier) {
      return identifier.toUpperCase(Locale.ROOT);
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
    String vectorType(int bytes) {
      return "BYTEA";
    }

    /**
     * pgjdbc sends a statement's rows as text (a {@code bytea} as hex, twice its size, decoded
     * in Java) until the statement has run 5 times on its connection; a prepare threshold of -1
     * makes it a server-prepared statement with binary rows at once (about 6 times faster for
     * 100,000 vectors of 1,536 bytes). Through reflection: the driver is not a compile
     * dependency. A driver without the method keeps the text rows, which are correct.
     */
    @Override
    void binaryRows(java.sql.PreparedStatement statement) {
      try {
        Class<?> pgStatement = Class.forName("org.postgresql.PGStatement");
        if (statement.isWrapperFor(pgStatement)) {
          pgStatement.getMethod("setPrepareThreshold", int.class)
              .invoke(statement.unwrap(pgStatement), -1);
        }
      }
      catch (ReflectiveOperationException | SQLException ex) {
        // A driver without PGStatement: text rows, slower, the same values.
      }
    }

    @Override
    String idType() {
      return "VARCHAR(40) COLLATE \"C\"";
    }

    @Override
    String bodyDdl() {
      return "body TEXT NOT NULL";
    }

    @Override
    List<String> bodyColumns() {
      return List.of("body");
    }

    @Override
    int bindBody(java.sql.PreparedStatement ps, int index, String body) throws SQLException {
      ps.setString(index, body);
      return index + 1;
    }

    @Override
    String readBody(java.sql.ResultSet rs, int index) throws SQLException {
      return rs.getString(index);
    }

    @Override
    String skippedBodySize() {
      return "OCTET_LENGTH(body)";
    }

    @Override
    int mutationIsolation() {
      return Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    int queryIsolation() {
      return Connection.TRANSACTION_REPEATABLE_READ;
    }

    @Override
    String storedName(String identifier) {
      return identifier.toLowerCase(Locale.ROOT);
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
    boolean arrayParameters() {
      return true;
    }

    @Override
    boolean singleWriter() {
      return false;
    }

    /** pgjdbc binds at most 32,767 parameters per statement in older versions; stay below. */
    @Override
    int multiRowInsertParameters() {
      return 32_767;
    }

    @Override
    void lockBootstrap(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")");
      }
    }

    @Override
    void lockForIndexBuild(Connection connection, String table) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
      }
    }

    @Override
    String identity() {
      return "postgresql@" + System.identityHashCode(this);
    }

    /**
     * Sent with the first statement (and pgjdbc's {@code BEGIN}); both settings end with the
     * transaction, nothing to reset after the commit. Generic plans: PostgreSQL plans a
     * prepared statement anew on every execution while the estimated cost of its generic plan
     * exceeds that of the plans for the actual values, and for a range read of a binary key
     * column ({@code k >= $1 AND k < $2 ORDER BY k LIMIT $3}) it always does (the generic plan
     * assumes 0.5% of the table in the range), though both plans are the same index walk. The
     * engine's statements have one right plan whatever the values (the walk of the key's unique
     * index, or the primary key), so planning them once per connection is safe; ReadPlanTests
     * checks the generic plans read only the rows they return.
     */
    @Override
    String isolationStatement(boolean readOnly) {
      return (readOnly ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
          : "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
          + "; SET LOCAL plan_cache_mode = force_generic_plan";
    }
  }
}
