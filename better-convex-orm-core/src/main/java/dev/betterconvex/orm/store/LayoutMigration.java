package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Migrates a database of storage layout 1 ({@code bc_documents} and {@code bc_index_entries}) to
 * layout 2, inside the bootstrap transaction and under the bootstrap lock: creates the physical
 * table of every registered table with a key column for every registered index (same index ids),
 * then copies every document with its id, creation time and body, computing its keys as every
 * insert does. The DDL comes first and the copy after it, so on H2 (where DDL commits) an
 * interrupted migration leaves empty tables and layout 1, and runs again from the start.
 */
final class LayoutMigration {

  /** The layout this class migrates from. */
  static final String FROM_VERSION = "1";

  private static final Log logger = LogFactory.getLog(LayoutMigration.class);
  private static final int BATCH = 500;
  private static final List<String> LEGACY_TABLES = List.of("bc_index_entries", "bc_documents");

  private final SqlDialect dialect;
  private final JdbcDocumentStore store;

  LayoutMigration(SqlDialect dialect, JdbcDocumentStore store) {
    this.dialect = dialect;
    this.store = store;
  }

  void run(Connection c) throws SQLException {
    if (!dialect.tableExists(c, "bc_documents")) {
      return;
    }
    List<PhysicalTable> tables = registeredTables(c);
    for (PhysicalTable table : tables) {
      for (String ddl : table.createSql()) {
        try (Statement s = c.createStatement()) {
          s.execute(ddl);
        }
      }
    }
    List<String> bodyColumns = dialect.columns(c, "bc_documents").stream()
        // body_overflow first: a layout-1 body kept there leaves body empty.
        .filter(name -> name.startsWith("body")).sorted(java.util.Comparator.reverseOrder())
        .toList();
    for (PhysicalTable table : tables) {
      int count = copy(c, table, bodyColumns);
      logger.info("Migrated " + count + " documents of table \"" + table.tableName() + "\" to "
          + table.name() + " (storage layout 2)");
    }
  }

  /** Drops the tables of layout 1 once the database is at layout 2 (a no-op when gone). */
  static void dropLegacyTables(Connection c, SqlDialect dialect) throws SQLException {
    for (String table : LEGACY_TABLES) {
      if (dialect.tableExists(c, table)) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + table);
        }
      }
    }
  }

  private int copy(Connection c, PhysicalTable table, List<String> bodyColumns)
      throws SQLException {
    String sql = "SELECT id, creation_time, " + String.join(", ", bodyColumns)
        + " FROM bc_documents WHERE table_number = ? AND id > ? ORDER BY id LIMIT " + BATCH;
    String after = "";
    int count = 0;
    while (true) {
      List<JdbcDocumentStore.Row> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setInt(1, table.number());
        ps.setString(2, after);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String body = null;
            for (int i = 0; i < bodyColumns.size() && body == null; i++) {
              body = rs.getString(3 + i);
            }
            if (body == null) {
              throw new IllegalStateException("Document " + rs.getString(1) + " of table \""
                  + table.tableName() + "\" has no body in bc_documents");
            }
            Document doc = new Document(table.tableName(), rs.getString(1), rs.getDouble(2),
                body);
            rows.add(JdbcDocumentStore.row(table, doc));
          }
        }
      }
      if (rows.isEmpty()) {
        return count;
      }
      store.insert(c, table, rows);
      count += rows.size();
      after = rows.get(rows.size() - 1).document().id();
    }
  }

  /** The registered tables' names by table number, in number order. */
  static Map<Integer, String> tableNames(Connection c) throws SQLException {
    Map<Integer, String> names = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT table_number, table_name FROM bc_tables ORDER BY table_number")) {
      while (rs.next()) {
        names.put(rs.getInt(1), rs.getString(2));
      }
    }
    return names;
  }

  private List<PhysicalTable> registeredTables(Connection c) throws SQLException {
    Map<Integer, String> names = tableNames(c);
    Map<Integer, List<TableRegistry.IndexInfo>> indexes = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT index_id, table_number, index_name, index_fields "
            + "FROM bc_indexes ORDER BY index_id")) {
      while (rs.next()) {
        indexes.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>()).add(
            new TableRegistry.IndexInfo(rs.getInt(1), indexSchema(rs.getString(3),
                rs.getString(4))));
      }
    }
    List<PhysicalTable> tables = new ArrayList<>();
    names.forEach((number, name) -> tables.add(new PhysicalTable(dialect, name, number,
        indexes.getOrDefault(number, List.of()))));
    return tables;
  }

  /** Rebuilds the index from its stored key fields (the declared fields, _creationTime, _id). */
  static IndexSchema indexSchema(String name, String keyFields) {
    if (name.equals(IndexSchema.BY_ID.name())) {
      return IndexSchema.BY_ID;
    }
    if (name.equals(IndexSchema.BY_CREATION_TIME.name())) {
      return IndexSchema.BY_CREATION_TIME;
    }
    List<String> fields = Arrays.asList(keyFields.split(","));
    return new IndexSchema(name, fields.subList(0, Math.max(0, fields.size() - 2)));
  }
}
