package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.DocumentId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates and upgrades the engine's own tables at startup, idempotently and safely when several
 * processes start at once: registers new tables and indexes, backfills an index added to a table
 * that already has rows, rebuilds an index whose fields changed, and drops removed indexes.
 */
final class StoreBootstrap {

  static final String LAYOUT_VERSION = "1";

  private static final Log logger = LogFactory.getLog(StoreBootstrap.class);

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final JdbcDocumentStore store;

  StoreBootstrap(DataSource dataSource, SqlDialect dialect, JdbcDocumentStore store) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.store = store;
  }

  TableRegistry run(Schema schema, EngineSettings.BootstrapMode mode) {
    try (Connection connection = dataSource.getConnection()) {
      boolean upgrade = mode == EngineSettings.BootstrapMode.CREATE_OR_UPGRADE;
      if (upgrade) {
        createTables(connection);
      }
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      try {
        dialect.lockBootstrap(connection);
        TableRegistry registry = reconcile(connection, schema, upgrade);
        connection.commit();
        return registry;
      }
      catch (SQLException | RuntimeException ex) {
        connection.rollback();
        throw ex;
      }
      finally {
        connection.setAutoCommit(true);
      }
    }
    catch (SQLException ex) {
      throw new BootstrapException("Could not bootstrap the Better Convex tables on "
          + dialect.name() + ": " + ex.getMessage(), false, ex);
    }
  }

  private void createTables(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    for (String ddl : dialect.createTables()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(ddl);
      }
      catch (SQLException ex) {
        // Another process may have created the same table at the same moment.
        if (!tableExists(connection, ddl)) {
          throw ex;
        }
      }
    }
    // Tables made before long bodies had their own column; checked first so that a started
    // database is not locked by an ALTER TABLE at every startup.
    if (!columnExists(connection, "bc_documents", "body_overflow")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE bc_documents ADD COLUMN IF NOT EXISTS body_overflow "
            + dialect.largeTextType());
      }
      logger.info("Added the column bc_documents.body_overflow for long document bodies");
    }
  }

  /** Whether {@code column} (any expression) can be selected from {@code table}. */
  private static boolean columnExists(Connection connection, String table, String column) {
    try (Statement statement = connection.createStatement();
        ResultSet ignored = statement.executeQuery(
            "SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
      return true;
    }
    catch (SQLException ex) {
      return false;
    }
  }

  private static boolean tableExists(Connection connection, String ddl) {
    return columnExists(connection, ddl.split("\\s+")[5], "1");
  }

  private TableRegistry reconcile(Connection c, Schema schema, boolean upgrade)
      throws SQLException {
    String layout = readMeta(c, "layout_version");
    if (layout == null) {
      requireUpgrade(upgrade, "the engine tables are not initialized");
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "layout_version",
          LAYOUT_VERSION);
    }
    else if (!LAYOUT_VERSION.equals(layout)) {
      throw new BootstrapException("The database holds storage layout version " + layout
          + " but this engine reads version " + LAYOUT_VERSION, false, null);
    }
    if (!upgrade && !columnExists(c, "bc_documents", "body_overflow")) {
      requireUpgrade(false, "bc_documents has no column body_overflow");
    }
    String secret = readMeta(c, "cursor_secret");
    if (secret == null) {
      requireUpgrade(upgrade, "the cursor secret is not initialized");
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      secret = java.util.HexFormat.of().formatHex(random);
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "cursor_secret", secret);
    }
    Map<String, Integer> tableNumbers = new HashMap<>();
    int maxNumber = DocumentId.FIRST_USER_TABLE_NUMBER - 1;
    try (PreparedStatement ps = c.prepareStatement("SELECT table_number, table_name FROM bc_tables");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        tableNumbers.put(rs.getString(2), rs.getInt(1));
        maxNumber = Math.max(maxNumber, rs.getInt(1));
      }
    }
    Map<Integer, Map<String, ExistingIndex>> existing = readIndexes(c);
    // Index ids are never reused (the last one given is kept), so an index dropped and created
    // again gets a new id, and cursors taken from the old one are refused.
    String lastIndexId = readMeta(c, "last_index_id");
    int maxIndexId = lastIndexId == null ? 0 : Integer.parseInt(lastIndexId);
    for (Map<String, ExistingIndex> perTable : existing.values()) {
      for (ExistingIndex index : perTable.values()) {
        maxIndexId = Math.max(maxIndexId, index.id());
      }
    }
    int givenIndexId = maxIndexId;

    TableRegistry registry = new TableRegistry(schema, java.util.HexFormat.of().parseHex(secret));
    for (TableSchema table : schema.tables()) {
      Integer number = tableNumbers.get(table.name());
      if (number == null) {
        requireUpgrade(upgrade, "table \"" + table.name() + "\" is not registered");
        number = ++maxNumber;
        exec(c, "INSERT INTO bc_tables (table_number, table_name) VALUES (?, ?)", number,
            table.name());
        logger.info("Registered table \"" + table.name() + "\" as number " + number);
      }
      Map<String, ExistingIndex> have = existing.getOrDefault(number, Map.of());
      Map<String, Integer> ids = new HashMap<>();
      List<TableRegistry.IndexInfo> toBackfill = new ArrayList<>();
      for (IndexSchema index : table.allIndexes()) {
        String fields = String.join(",", index.keyFields());
        ExistingIndex current = have.get(index.name());
        if (current != null && current.fields().equals(fields)) {
          ids.put(index.name(), current.id());
          continue;
        }
        requireUpgrade(upgrade, "index " + table.name() + "." + index.name()
            + (current == null ? " does not exist" : " has other fields (" + current.fields() + ")"));
        if (current != null) {
          dropIndex(c, current.id());
        }
        int id = ++maxIndexId;
        exec(c, "INSERT INTO bc_indexes (index_id, table_number, index_name, index_fields) "
            + "VALUES (?, ?, ?, ?)", id, number, index.name(), fields);
        ids.put(index.name(), id);
        toBackfill.add(new TableRegistry.IndexInfo(id, index));
      }
      for (ExistingIndex stale : have.values()) {
        if (table.index(stale.name()).isEmpty()) {
          requireUpgrade(upgrade, "index " + table.name() + "." + stale.name()
              + " is no longer in the schema");
          dropIndex(c, stale.id());
          logger.info("Dropped index " + table.name() + "." + stale.name());
        }
      }
      registry.add(table, number, ids);
      if (!toBackfill.isEmpty()) {
        backfill(c, registry.table(table.name()), toBackfill);
      }
    }
    if (maxIndexId != givenIndexId || upgrade && lastIndexId == null) {
      exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", "last_index_id");
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "last_index_id",
          Integer.toString(maxIndexId));
    }
    return registry;
  }

  private void backfill(Connection c, TableRegistry.TableInfo table,
      List<TableRegistry.IndexInfo> indexes) throws SQLException {
    boolean creationTimeIndexIsNew = indexes.stream()
        .anyMatch(i -> i.schema().name().equals(IndexSchema.BY_CREATION_TIME.name()));
    if (creationTimeIndexIsNew) {
      // A new table (or a rebuilt creation-time index): read the documents table directly.
      int count = store.backfillFromDocuments(c, table, indexes);
      logBackfill(table, indexes, count);
      return;
    }
    int count = store.backfillFromIndex(c, table, indexes);
    logBackfill(table, indexes, count);
  }

  private static void logBackfill(TableRegistry.TableInfo table,
      List<TableRegistry.IndexInfo> indexes, int count) {
    if (count > 0) {
      logger.info("Backfilled " + indexes.stream().map(i -> i.schema().name()).toList()
          + " of table \"" + table.name() + "\" with " + count + " documents");
    }
  }

  private static void dropIndex(Connection c, int id) throws SQLException {
    exec(c, "DELETE FROM bc_index_entries WHERE index_id = ?", id);
    exec(c, "DELETE FROM bc_indexes WHERE index_id = ?", id);
  }

  private static void requireUpgrade(boolean upgrade, String problem) {
    if (!upgrade) {
      throw new BootstrapException("The database does not match the schema: " + problem
          + " (bootstrap mode VALIDATE changes nothing; use CREATE_OR_UPGRADE)", true, null);
    }
  }

  private record ExistingIndex(int id, String name, String fields) {
  }

  private static Map<Integer, Map<String, ExistingIndex>> readIndexes(Connection c)
      throws SQLException {
    Map<Integer, Map<String, ExistingIndex>> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT index_id, table_number, index_name, index_fields FROM bc_indexes");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getInt(2), k -> new HashMap<>())
            .put(rs.getString(3), new ExistingIndex(rs.getInt(1), rs.getString(3), rs.getString(4)));
      }
    }
    return result;
  }

  private static @org.jspecify.annotations.Nullable String readMeta(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT meta_value FROM bc_meta WHERE meta_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
