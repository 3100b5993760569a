package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Migrates an H2 database of storage layout 2 to layout 3, under the bootstrap lock: every
 * physical table gets the {@code BIGINT} row key of {@link SqlDialect#rowKeys} as its primary key.
 * H2 makes a single integer primary key the key of the table's own B-tree only when the table is
 * created with it, so each table is renamed to {@code bc_t<n>_l2}, created again with the row key
 * and the same columns (a key column still being built stays nullable), copied in batches in id
 * order, and the old table dropped. Every row keeps its id, creation time, body and keys as
 * stored.
 *
 * <p>H2 commits each DDL statement, so an interrupted migration leaves a table renamed and perhaps
 * half copied, with the layout still 2: the next start drops the half copy and copies that table
 * again; a table that already has its row key is skipped. Two ids of one table with the same row
 * key (the first 8 bytes of their random internal ids) cannot both be kept: the migration fails
 * naming both, changing nothing more.
 */
final class RowKeyMigration {

  /** The layout this class migrates from. */
  static final String FROM_VERSION = "2";

  private static final Log logger = LogFactory.getLog(RowKeyMigration.class);
  private static final int BATCH = 1000;
  private static final String OLD_SUFFIX = "_l2";

  private final SqlDialect dialect;

  RowKeyMigration(SqlDialect dialect) {
    this.dialect = dialect;
  }

  void run(Connection c) throws SQLException {
    for (Map.Entry<Integer, String> table : LayoutMigration.tableNames(c).entrySet()) {
      migrate(c, table.getKey(), table.getValue());
    }
  }

  private void migrate(Connection c, int number, String tableName) throws SQLException {
    String name = PhysicalTable.nameOf(number);
    String old = name + OLD_SUFFIX;
    if (dialect.tableExists(c, old)) {
      // An earlier start renamed the table and was interrupted: copy it again from the start.
      exec(c, "DROP TABLE IF EXISTS " + name);
    }
    else if (!dialect.tableExists(c, name) || dialect.columns(c, name).contains("rk")) {
      return;
    }
    else {
      exec(c, "ALTER TABLE " + name + " RENAME TO " + old);
    }
    List<Column> columns = columns(c, old);
    List<TableRegistry.IndexInfo> keyIndexes = new ArrayList<>();
    for (Column column : columns) {
      if (column.isKey()) {
        // The index keeps its name through the rename; the new table's index takes it.
        exec(c, "DROP INDEX IF EXISTS " + name + "_" + column.name());
        keyIndexes.add(new TableRegistry.IndexInfo(
            Integer.parseInt(column.name().substring(1)),
            new IndexSchema(column.name(), List.of())));
      }
    }
    PhysicalTable table = new PhysicalTable(dialect, tableName, number, keyIndexes);
    List<String> ddl = table.createSql();
    exec(c, ddl.get(0));
    for (Column column : columns) {
      if (column.isKey() && column.nullable()) {
        exec(c, "ALTER TABLE " + name + " ALTER COLUMN " + column.name() + " SET NULL");
      }
    }
    for (String index : ddl.subList(1, ddl.size())) {
      exec(c, index);
    }
    long count = copy(c, table, old, columns);
    exec(c, "DROP TABLE " + old);
    logger.info("Migrated " + count + " documents of table \"" + tableName + "\" to " + name
        + " with a row key (storage layout 3)");
  }

  private long copy(Connection c, PhysicalTable table, String old, List<Column> columns)
      throws SQLException {
    List<String> names = columns.stream().map(Column::name).toList();
    String select = "SELECT " + String.join(", ", names) + " FROM " + old
        + " WHERE id > ? ORDER BY id LIMIT " + BATCH;
    String insert = "INSERT INTO " + table.name() + " (rk, " + String.join(", ", names)
        + ") VALUES (?, " + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
    int idColumn = names.indexOf("id");
    String after = "";
    long count = 0;
    // Row keys grow with the ids (PhysicalTable.rowKey), so two ids with the same row key are
    // next to each other in id order.
    String previous = null;
    try (PreparedStatement read = c.prepareStatement(select);
        PreparedStatement write = c.prepareStatement(insert)) {
      while (true) {
        read.setString(1, after);
        int rows = 0;
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(idColumn + 1);
            long rowKey = PhysicalTable.rowKey(id);
            if (previous != null && PhysicalTable.rowKey(previous) == rowKey) {
              throw new BootstrapException("Cannot migrate table \"" + table.tableName()
                  + "\" to storage layout 3: documents " + previous + " and " + id
                  + " have the same row key (the first 8 bytes of their internal ids)", false,
                  null);
            }
            write.setLong(1, rowKey);
            for (int i = 0; i < columns.size(); i++) {
              columns.get(i).copy(rs, i + 1, write, i + 2);
            }
            write.addBatch();
            previous = id;
            after = id;
            rows++;
          }
        }
        if (rows == 0) {
          return count;
        }
        write.executeBatch();
        count += rows;
      }
    }
  }

  /** The columns of {@code table} in their order, with whether each may be null. */
  private List<Column> columns(Connection c, String table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), dialect.storedName(table),
        null)) {
      while (rs.next()) {
        columns.add(new Column(rs.getInt("ORDINAL_POSITION"),
            rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
            rs.getInt("NULLABLE") != java.sql.DatabaseMetaData.columnNoNulls));
      }
    }
    columns.sort(java.util.Comparator.comparingInt(Column::position));
    return columns;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A column of a layout-2 table: the id, the creation time, a body column or a key column. */
  private record Column(int position, String name, boolean nullable) {

    boolean isKey() {
      return name.matches("k[0-9]+");
    }

    void copy(ResultSet from, int column, PreparedStatement to, int p) throws SQLException {
      if (name.equals("creation_time")) {
        to.setDouble(p, from.getDouble(column));
      }
      else if (isKey()) {
        to.setBytes(p, from.getBytes(column));
      }
      else {
        to.setString(p, from.getString(column));
      }
    }
  }
}
