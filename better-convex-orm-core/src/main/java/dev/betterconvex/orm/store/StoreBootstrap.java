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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates and upgrades the engine's own tables at startup, idempotently and safely when several
 * processes start at once: migrates a layout 1 database, registers new tables and indexes,
 * backfills an index added to a table that already has rows, rebuilds an index whose fields
 * changed, and drops removed indexes.
 */
final class StoreBootstrap {

  static final String LAYOUT_VERSION = "2";

  private static final int BACKFILL_BATCH = 500;

  private static final Log logger = LogFactory.getLog(StoreBootstrap.class);

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final JdbcDocumentStore store;
  private boolean dropUndeclared;

  StoreBootstrap(DataSource dataSource, SqlDialect dialect, JdbcDocumentStore store) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.store = store;
  }

  TableRegistry run(Schema schema, EngineSettings.BootstrapMode mode) {
    try (Connection connection = dataSource.getConnection()) {
      boolean upgrade = mode != EngineSettings.BootstrapMode.VALIDATE;
      this.dropUndeclared = mode == EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED;
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
  }

  private static boolean tableExists(Connection connection, String ddl) {
    String name = ddl.split("\\s+")[5];
    try (Statement statement = connection.createStatement();
        ResultSet ignored = statement.executeQuery("SELECT 1 FROM " + name + " WHERE 1 = 0")) {
      return true;
    }
    catch (SQLException ex) {
      return false;
    }
  }

  private TableRegistry reconcile(Connection c, Schema schema, boolean upgrade)
      throws SQLException {
    String layout = readMeta(c, "layout_version");
    if (layout == null) {
      requireUpgrade(upgrade, "the engine tables are not initialized");
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "layout_version",
          LAYOUT_VERSION);
    }
    else if (LayoutMigration.FROM_VERSION.equals(layout)) {
      requireUpgrade(upgrade, "the database holds storage layout " + layout
          + ", which this engine migrates to layout " + LAYOUT_VERSION);
      new LayoutMigration(dialect, store).run(c);
      exec(c, "UPDATE bc_meta SET meta_value = ? WHERE meta_key = ?", LAYOUT_VERSION,
          "layout_version");
    }
    else if (!LAYOUT_VERSION.equals(layout)) {
      throw new BootstrapException("The database holds storage layout version " + layout
          + " but this engine reads version " + LAYOUT_VERSION, false, null);
    }
    if (upgrade) {
      LayoutMigration.dropLegacyTables(c, dialect);
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
    // again gets a new id (and key column), and cursors taken from the old one are refused.
    String lastIndexId = readMeta(c, "last_index_id");
    int[] maxIndexId = {lastIndexId == null ? 0 : Integer.parseInt(lastIndexId)};
    for (Map<String, ExistingIndex> perTable : existing.values()) {
      for (ExistingIndex index : perTable.values()) {
        maxIndexId[0] = Math.max(maxIndexId[0], index.id());
      }
    }
    int givenIndexId = maxIndexId[0];

    TableRegistry registry =
        new TableRegistry(schema, dialect, java.util.HexFormat.of().parseHex(secret));
    for (TableSchema table : schema.tables()) {
      Integer number = tableNumbers.get(table.name());
      if (number == null) {
        requireUpgrade(upgrade, "table \"" + table.name() + "\" is not registered");
        number = ++maxNumber;
        exec(c, "INSERT INTO bc_tables (table_number, table_name) VALUES (?, ?)", number,
            table.name());
        logger.info("Registered table \"" + table.name() + "\" as number " + number);
      }
      reconcileTable(c, registry, table, number, existing.getOrDefault(number, Map.of()),
          maxIndexId, upgrade);
    }
    if (maxIndexId[0] != givenIndexId || upgrade && lastIndexId == null) {
      exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", "last_index_id");
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "last_index_id",
          Integer.toString(maxIndexId[0]));
    }
    return registry;
  }

  /**
   * Brings one table in line with the schema. Every step can be re-run after a crash (H2 commits
   * at each DDL statement): an index is registered only once its column is filled and unique,
   * and key columns that no registered index owns are dropped.
   */
  private void reconcileTable(Connection c, TableRegistry registry, TableSchema table,
      int number, Map<String, ExistingIndex> have, int[] maxIndexId, boolean upgrade)
      throws SQLException {
    Map<String, Integer> ids = new HashMap<>();
    List<TableRegistry.IndexInfo> toBuild = new ArrayList<>();
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
        exec(c, "DELETE FROM bc_indexes WHERE index_id = ?", current.id());
      }
      int id = ++maxIndexId[0];
      ids.put(index.name(), id);
      toBuild.add(new TableRegistry.IndexInfo(id, index));
    }
    List<TableRegistry.IndexInfo> undeclared = new ArrayList<>();
    for (ExistingIndex stale : have.values()) {
      if (table.index(stale.name()).isPresent()) {
        continue;
      }
      if (!dropUndeclared) {
        undeclared.add(new TableRegistry.IndexInfo(stale.id(),
            LayoutMigration.indexSchema(stale.name(), stale.fields())));
        logger.info("Keeping index " + table.name() + "." + stale.name() + " (fields "
            + stale.fields() + "), which the schema does not declare: every write maintains it");
        continue;
      }
      exec(c, "DELETE FROM bc_indexes WHERE index_id = ?", stale.id());
      logger.info("Dropped index " + table.name() + "." + stale.name());
    }
    registry.add(table, number, ids, undeclared);
    TableRegistry.TableInfo info = registry.table(table.name());
    PhysicalTable physical = info.physical();
    if (!dialect.tableExists(c, physical.name())) {
      requireUpgrade(upgrade, "table " + physical.name() + " of \"" + table.name()
          + "\" does not exist");
      for (String ddl : physical.createSql()) {
        exec(c, ddl);
      }
    }
    else if (upgrade) {
      Set<String> wanted = new HashSet<>();
      for (TableRegistry.IndexInfo index : physical.keyIndexes()) {
        wanted.add(index.column());
      }
      for (String column : dialect.columns(c, physical.name())) {
        if (column.matches("k[0-9]+") && !wanted.contains(column)) {
          exec(c, "DROP INDEX IF EXISTS " + physical.uniqueIndexName(column));
          exec(c, "ALTER TABLE " + physical.name() + " DROP COLUMN IF EXISTS " + column);
        }
      }
      List<TableRegistry.IndexInfo> columns =
          toBuild.stream().filter(i -> !i.isPrimary()).toList();
      if (!columns.isEmpty()) {
        int count = build(c, physical, columns);
        logger.info("Built " + columns.stream().map(i -> i.schema().name()).toList()
            + " of table \"" + table.name() + "\" from " + count + " documents");
      }
    }
    for (TableRegistry.IndexInfo index : toBuild) {
      exec(c, "INSERT INTO bc_indexes (index_id, table_number, index_name, index_fields) "
          + "VALUES (?, ?, ?, ?)", index.id(), number, index.schema().name(),
          String.join(",", index.schema().keyFields()));
    }
  }

  /** Adds key columns to a table with rows: fills them in id order, then makes them unique. */
  private int build(Connection c, PhysicalTable physical, List<TableRegistry.IndexInfo> indexes)
      throws SQLException {
    for (TableRegistry.IndexInfo index : indexes) {
      exec(c, "ALTER TABLE " + physical.name() + " ADD COLUMN IF NOT EXISTS " + index.column()
          + " " + dialect.binaryType());
    }
    StringBuilder update = new StringBuilder("UPDATE " + physical.name() + " SET ");
    for (int i = 0; i < indexes.size(); i++) {
      update.append(i == 0 ? "" : ", ").append(indexes.get(i).column()).append(" = ?");
    }
    update.append(" WHERE id = ?");
    int count = 0;
    String after = null;
    while (true) {
      List<Document> batch = store.readAfter(c, physical, after, BACKFILL_BATCH);
      if (batch.isEmpty()) {
        break;
      }
      try (PreparedStatement ps = c.prepareStatement(update.toString())) {
        for (Document doc : batch) {
          int p = 1;
          for (TableRegistry.IndexInfo index : indexes) {
            ps.setBytes(p++, JdbcDocumentStore.key(physical.tableName(), index, doc));
          }
          ps.setString(p, doc.id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      count += batch.size();
      after = batch.get(batch.size() - 1).id();
    }
    for (TableRegistry.IndexInfo index : indexes) {
      exec(c, "ALTER TABLE " + physical.name() + " ALTER COLUMN " + index.column()
          + " SET NOT NULL");
      exec(c, physical.uniqueIndexSql(index));
    }
    return count;
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
