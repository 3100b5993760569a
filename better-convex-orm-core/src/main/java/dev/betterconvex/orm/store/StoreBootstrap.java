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
 * checks stored documents against changed field declarations ({@link FieldTypeCheck}), then
 * builds every index still {@link IndexState#BUILDING} in batches ({@link IndexBackfill}). An
 * index the schema does not declare is kept unless the mode drops it.
 */
final class StoreBootstrap {

  private static final Log logger = LogFactory.getLog(StoreBootstrap.class);

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final JdbcDocumentStore store;
  private final java.util.function.Predicate<String> afterBackfillBatch;
  private final AggregateStore aggregates;
  private boolean dropUndeclared;

  StoreBootstrap(DataSource dataSource, SqlDialect dialect, JdbcDocumentStore store,
      java.util.function.Predicate<String> afterBackfillBatch, AggregateStore aggregates) {
    this.dataSource = dataSource;
    this.aggregates = aggregates;
    this.dialect = dialect;
    this.store = store;
    this.afterBackfillBatch = afterBackfillBatch;
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
        if (!upgrade) {
          return registry;
        }
        IndexBackfill backfill = new IndexBackfill(dialect, store, afterBackfillBatch);
        boolean built = false;
        for (TableRegistry.TableInfo table : registry.tables()) {
          for (TableRegistry.IndexInfo index : registry.building(table)) {
            built |= backfill.run(connection, table.physical(), index);
          }
          for (TableRegistry.SearchInfo search : table.physical().searchIndexes()) {
            if (registry.state(search) == IndexState.BUILDING) {
              built |= SearchIndexBootstrap.backfill(connection, dialect, store, table.physical(),
                  search, afterBackfillBatch);
            }
          }
        }
        TableRegistry loaded = built ? RegistryLoader.load(connection, schema, dialect) : registry;
        aggregates.backfill(connection, store, loaded, afterBackfillBatch);
        return loaded;
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
    for (String ddl : java.util.stream.Stream.concat(dialect.createTables().stream(),
        AggregateStore.createTables(dialect).stream()).toList()) {
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
    for (String ddl : dialect.upgradeTables()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(ddl);
      }
      catch (SQLException ex) {
        // Another process may have added the same column at the same moment.
        String[] words = ddl.split("\\s+");
        if (!dialect.columns(connection, words[2]).contains(words[8])) {
          throw ex;
        }
      }
    }
  }

  /**
   * Lets {@code bc_indexes} record one index name with several field lists (builds that declare
   * an index differently each keep their version): databases created before record each name
   * once per table under a UNIQUE constraint, which is replaced by one on the name and fields.
   */
  private static void allowIndexVersions(Connection c) throws SQLException {
    List<String> constraints = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name FROM "
        + "information_schema.table_constraints WHERE UPPER(table_name) = 'BC_INDEXES' "
        + "AND table_schema = CURRENT_SCHEMA AND constraint_type = 'UNIQUE'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        constraints.add(rs.getString(1));
      }
    }
    for (String constraint : constraints) {
      exec(c, "ALTER TABLE bc_indexes DROP CONSTRAINT " + constraint);
    }
    exec(c, "CREATE UNIQUE INDEX IF NOT EXISTS bc_indexes_versions ON bc_indexes "
        + "(table_number, index_name, index_fields)");
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
    String layoutVersion = dialect.layoutVersion();
    if (layout == null) {
      requireUpgrade(upgrade, "the engine tables are not initialized");
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "layout_version",
          layoutVersion);
    }
    else if (LayoutMigration.FROM_VERSION.equals(layout)
        || dialect.rowKeys() && RowKeyMigration.FROM_VERSION.equals(layout)) {
      requireUpgrade(upgrade, "the database holds storage layout " + layout
          + ", which this engine migrates to layout " + layoutVersion);
      if (LayoutMigration.FROM_VERSION.equals(layout)) {
        // Straight to the tables of this build's layout, with the row key on H2.
        new LayoutMigration(dialect, store).run(c);
      }
      else {
        new RowKeyMigration(dialect).run(c);
      }
      exec(c, "UPDATE bc_meta SET meta_value = ? WHERE meta_key = ?", layoutVersion,
          "layout_version");
    }
    else if (!layoutVersion.equals(layout)) {
      throw new BootstrapException("The database holds storage layout version " + layout
          + " but this engine reads version " + layoutVersion + " on " + dialect.name(), false,
          null);
    }
    if (upgrade) {
      LayoutMigration.dropLegacyTables(c, dialect);
      allowIndexVersions(c);
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
    Map<Integer, List<RegistryLoader.StoredIndex>> existing = RegistryLoader.readIndexes(c);
    // Index ids are never reused (the last one given is kept), so an index dropped and created
    // again gets a new id (and key column), and cursors taken from the old one are refused.
    String lastIndexId = readMeta(c, "last_index_id");
    int[] maxIndexId = {lastIndexId == null ? 0 : Integer.parseInt(lastIndexId)};
    for (List<RegistryLoader.StoredIndex> perTable : existing.values()) {
      for (RegistryLoader.StoredIndex index : perTable) {
        maxIndexId[0] = Math.max(maxIndexId[0], index.id());
      }
    }
    int givenIndexId = maxIndexId[0];

    TableRegistry registry =
        new TableRegistry(schema, dialect, java.util.HexFormat.of().parseHex(secret), 0);
    boolean changed = false;
    for (TableSchema table : schema.tables()) {
      Integer number = tableNumbers.get(table.name());
      if (number == null) {
        requireUpgrade(upgrade, "table \"" + table.name() + "\" is not registered");
        number = ++maxNumber;
        exec(c, "INSERT INTO bc_tables (table_number, table_name) VALUES (?, ?)", number,
            table.name());
        logger.info("Registered table \"" + table.name() + "\" as number " + number);
      }
      changed |= reconcileTable(c, registry, table, number,
          existing.getOrDefault(number, List.of()), maxIndexId, upgrade);
    }
    if (upgrade || schema.tables().stream().anyMatch(t -> !t.aggregateIndexes().isEmpty()
        || !t.rankIndexes().isEmpty())) {
      Map<String, Integer> numbers = new HashMap<>();
      for (TableSchema table : schema.tables()) {
        numbers.put(table.name(), registry.table(table.name()).number());
      }
      aggregates.reconcile(c, schema.tables(), numbers, upgrade, dropUndeclared);
    }
    changed |= VectorBootstrap.reconcile(c, dialect, store, registry, upgrade, dropUndeclared);
    changed |= SearchIndexBootstrap.reconcile(c, dialect, schema, registry, upgrade,
        dropUndeclared);
    if (maxIndexId[0] != givenIndexId || upgrade && lastIndexId == null) {
      exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", "last_index_id");
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", "last_index_id",
          Integer.toString(maxIndexId[0]));
    }
    // Running engines of other builds compare this version to theirs (piggy-backed on their
    // reads by id in mutations) and reload the index set when it moved.
    String version = readMeta(c, RegistryLoader.INDEX_VERSION);
    if (changed || upgrade && version == null) {
      exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", RegistryLoader.INDEX_VERSION);
      exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)",
          RegistryLoader.INDEX_VERSION,
          Long.toString(RegistryLoader.parseVersion(version) + (changed ? 1 : 0)));
    }
    return RegistryLoader.load(c, schema, dialect);
  }

  /**
   * Brings one table in line with the schema. Every step can be re-run after a crash (H2 commits
   * at each DDL statement): an index is registered only once its column is filled and unique,
   * and key columns that no registered index owns are dropped. Returns whether an index was
   * added or dropped.
   */
  private boolean reconcileTable(Connection c, TableRegistry registry, TableSchema table,
      int number, List<RegistryLoader.StoredIndex> have, int[] maxIndexId,
      boolean upgrade)
      throws SQLException {
    Map<String, Integer> ids = new HashMap<>();
    List<TableRegistry.IndexInfo> toBuild = new ArrayList<>();
    Set<TableRegistry.IndexInfo> building = new HashSet<>();
    Set<Integer> declaredIds = new HashSet<>();
    for (IndexSchema index : table.allIndexes()) {
      String fields = String.join(",", index.keyFields());
      RegistryLoader.StoredIndex current = have.stream()
          .filter(i -> i.name().equals(index.name()) && i.fields().equals(fields))
          .findFirst().orElse(null);
      if (current != null) {
        ids.put(index.name(), current.id());
        declaredIds.add(current.id());
        continue;
      }
      List<String> otherFields = have.stream().filter(i -> i.name().equals(index.name()))
          .map(RegistryLoader.StoredIndex::fields).toList();
      requireUpgrade(upgrade, "index " + table.name() + "." + index.name()
          + (otherFields.isEmpty() ? " does not exist"
              : " has other fields (" + String.join("; ", otherFields) + ")"));
      // A version of the index with other fields (another build's) is kept below, as any index
      // this schema does not declare: builds declaring either version can alternate.
      int id = ++maxIndexId[0];
      ids.put(index.name(), id);
      declaredIds.add(id);
      toBuild.add(new TableRegistry.IndexInfo(id, index));
    }
    boolean changed = !toBuild.isEmpty();
    List<TableRegistry.IndexInfo> undeclared = new ArrayList<>();
    for (RegistryLoader.StoredIndex stale : have) {
      if (declaredIds.contains(stale.id())) {
        continue;
      }
      if (!dropUndeclared) {
        undeclared.add(new TableRegistry.IndexInfo(stale.id(),
            LayoutMigration.indexSchema(stale.name(), stale.fields())));
        logger.info("Keeping index " + table.name() + "." + stale.name() + " (fields "
            + stale.fields() + "), which the schema does not declare"
            + (table.index(stale.name()).isPresent() ? " with these fields" : "")
            + ": every write maintains it");
        continue;
      }
      exec(c, "DELETE FROM bc_indexes WHERE index_id = ?", stale.id());
      changed = true;
      logger.info("Dropped index " + table.name() + "." + stale.name() + " (fields "
          + stale.fields() + ")");
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
      addColumns(c, physical, columns);
      building.addAll(columns);
      if (!columns.isEmpty()) {
        logger.info("Building " + columns.stream().map(i -> i.schema().name()).toList()
            + " of table \"" + table.name() + "\"");
      }
    }
    for (TableRegistry.IndexInfo index : toBuild) {
      exec(c, "INSERT INTO bc_indexes (index_id, table_number, index_name, index_fields, "
          + "index_state) VALUES (?, ?, ?, ?, ?)", index.id(), number, index.schema().name(),
          String.join(",", index.schema().keyFields()),
          (building.contains(index) ? IndexState.BUILDING : IndexState.READY).name());
    }
    if (!dialect.tableExists(c, physical.name())) {
      return changed;
    }
    FieldTypeCheck.run(c, store, physical, table, upgrade);
    return changed;
  }

  /**
   * Adds the key columns of new indexes to a table that may have rows: nullable and under their
   * UNIQUE index at once (nulls are distinct); {@link IndexBackfill} fills them afterwards.
   */
  private void addColumns(Connection c, PhysicalTable physical,
      List<TableRegistry.IndexInfo> indexes) throws SQLException {
    for (TableRegistry.IndexInfo index : indexes) {
      exec(c, "ALTER TABLE " + physical.name() + " ADD COLUMN IF NOT EXISTS " + index.column()
          + " " + dialect.binaryType());
      exec(c, physical.uniqueIndexSql(index));
    }
  }

  static void requireUpgrade(boolean upgrade, String problem) {
    if (!upgrade) {
      throw new BootstrapException("The database does not match the schema: " + problem
          + " (bootstrap mode VALIDATE changes nothing; use CREATE_OR_UPGRADE)", true, null);
    }
  }

  private static @org.jspecify.annotations.Nullable String readMeta(Connection c, String key)
      throws SQLException {
    return RegistryLoader.readMeta(c, key);
  }

  static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
