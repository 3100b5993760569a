package dev.betterconvex.orm.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The physical table of one Convex table in storage layout 2, {@code bc_t<number>}: the id
 * (primary key, the {@code by_id} index), the creation time, the body, and one binary key column
 * {@code k<index id>} per other index, each under its own index (UNIQUE on PostgreSQL). Holds the statements that do
 * not depend on the range read.
 *
 * @param dialect the database
 * @param tableName the Convex table name (for documents and messages)
 * @param number the table number
 * @param keyIndexes the indexes with a key column (every index but {@code by_id})
 * @param searchIndexes the search indexes every write maintains ({@link SearchIndexes})
 */
record PhysicalTable(SqlDialect dialect, String tableName, int number,
    List<TableRegistry.IndexInfo> keyIndexes, List<TableRegistry.SearchInfo> searchIndexes) {

  PhysicalTable {
    keyIndexes = keyIndexes.stream().filter(i -> !i.isPrimary()).toList();
    searchIndexes = List.copyOf(searchIndexes);
  }

  PhysicalTable(SqlDialect dialect, String tableName, int number,
      List<TableRegistry.IndexInfo> keyIndexes) {
    this(dialect, tableName, number, keyIndexes, List.of());
  }

  static String nameOf(int number) {
    return "bc_t" + number;
  }

  String name() {
    return nameOf(number);
  }

  /** The id, creation time and body columns, in the order every read selects them. */
  String documentColumns() {
    return "id, creation_time, " + String.join(", ", dialect.bodyColumns());
  }

  /** The number of columns {@link #documentColumns} selects. */
  int documentColumnCount() {
    return 2 + dialect.bodyColumns().size();
  }

  String insertSql() {
    return insertSql(1);
  }

  /** The columns an insert binds per row: id, creation time, body column(s), key columns. */
  int insertColumnCount() {
    return documentColumnCount() + keyIndexes.size();
  }

  /** {@code INSERT INTO t (...) VALUES (?, ...), ...} of {@code rows} rows. */
  String insertSql(int rows) {
    StringBuilder columns = new StringBuilder(documentColumns());
    for (TableRegistry.IndexInfo index : keyIndexes) {
      columns.append(", ").append(index.column());
    }
    String row = "(" + String.join(", ", java.util.Collections.nCopies(insertColumnCount(), "?"))
        + ")";
    return "INSERT INTO " + name() + " (" + columns + ") VALUES "
        + String.join(", ", java.util.Collections.nCopies(rows, row));
  }

  /** The DDL creating the table with every key column, then one UNIQUE index per key column. */
  List<String> createSql() {
    StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + name() + " (id "
        + dialect.idType() + " PRIMARY KEY, creation_time DOUBLE PRECISION NOT NULL, "
        + dialect.bodyDdl());
    for (TableRegistry.IndexInfo index : keyIndexes) {
      ddl.append(", ").append(index.column()).append(' ').append(dialect.binaryType())
          .append(" NOT NULL");
    }
    ddl.append(')');
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(ddl.toString()),
        keyIndexes.stream().map(this::uniqueIndexSql)).toList();
  }

  /**
   * The index of a key column: UNIQUE where the database checks that within the insert's own
   * walk of the B-tree (PostgreSQL); a plain index where a UNIQUE one costs a second walk per
   * insert (H2, see {@link SqlDialect#uniqueKeyIndexes}). Every key ends with the document's id,
   * which the primary key keeps unique, so both hold the same distinct keys.
   */
  String uniqueIndexSql(TableRegistry.IndexInfo index) {
    return "CREATE " + (dialect.uniqueKeyIndexes() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS "
        + uniqueIndexName(index.column()) + " ON " + name() + " (" + index.column() + ")";
  }

  String uniqueIndexName(String column) {
    return name() + "_" + column;
  }

  @Override
  public String toString() {
    return name() + keyIndexes.stream().map(TableRegistry.IndexInfo::column)
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
