package dev.betterconvex.orm.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The physical table of one Convex table in storage layout 2, {@code bc_t<number>}: the id
 * (primary key, the {@code by_id} index), the creation time, the body, and one binary key column
 * {@code k<index id>} per other index, each under its own index (UNIQUE on PostgreSQL). Holds the
 * statements that do not depend on the range read.
 *
 * <p>On H2 (layout 3 there, {@link SqlDialect#rowKeys}) the primary key is a {@code BIGINT} row
 * key {@code rk} computed from the id ({@link #rowKey}), which H2 keeps as the key of the table's
 * own B-tree, and the id has a plain index that the {@code by_id} walks use: a read by id is one
 * search of the table's B-tree instead of a search of the id's index and then of the table's.
 *
 *
 * <p>Its parts: the database ({@code dialect}), the Convex table name ({@code tableName}, for
 * documents and messages), the table {@code number}, the indexes with a key column
 * ({@code keyIndexes}, every index but {@code by_id}) and the search indexes every write
 * maintains ({@code searchIndexes}, {@link SearchIndexes}).
 */
final class PhysicalTable {

  private final SqlDialect dialect;
  private final String tableName;
  private final int number;
  private final List<TableRegistry.IndexInfo> keyIndexes;
  private final List<TableRegistry.SearchInfo> searchIndexes;
  private final String name;
  private final String documentColumns;
  private final String getSql;
  /** Statements built once per shape ({@link #sql}): range reads, inserts. */
  private final java.util.concurrent.ConcurrentHashMap<Object, String> statements =
      new java.util.concurrent.ConcurrentHashMap<>();

  PhysicalTable(SqlDialect dialect, String tableName, int number,
      List<TableRegistry.IndexInfo> keyIndexes, List<TableRegistry.SearchInfo> searchIndexes) {
    this.dialect = dialect;
    this.tableName = tableName;
    this.number = number;
    this.keyIndexes = keyIndexes.stream().filter(i -> !i.isPrimary()).toList();
    this.searchIndexes = List.copyOf(searchIndexes);
    this.name = nameOf(number);
    this.documentColumns = "id, creation_time, " + String.join(", ", dialect.bodyColumns());
    this.getSql = "SELECT " + documentColumns + " FROM " + name + " WHERE " + lookupColumn()
        + " = ?";
  }

  /** The read of one id: its document columns where {@link #lookupColumn} matches it. */
  String getSql() {
    return getSql;
  }

  PhysicalTable(SqlDialect dialect, String tableName, int number,
      List<TableRegistry.IndexInfo> keyIndexes) {
    this(dialect, tableName, number, keyIndexes, List.of());
  }

  SqlDialect dialect() {
    return dialect;
  }

  String tableName() {
    return tableName;
  }

  int number() {
    return number;
  }

  List<TableRegistry.IndexInfo> keyIndexes() {
    return keyIndexes;
  }

  List<TableRegistry.SearchInfo> searchIndexes() {
    return searchIndexes;
  }

  /**
   * The statement of {@code shape} (any value with equality, naming what the statement depends
   * on), built by {@code build} the first time and kept for the table's life; built every time
   * once {@link #MAX_STATEMENTS} are kept, or when longer than {@link #MAX_KEPT_CHARS}.
   */
  String sql(Object shape, java.util.function.Function<Object, String> build) {
    String kept = statements.get(shape);
    if (kept != null) {
      return kept;
    }
    String built = build.apply(shape);
    if (statements.size() < MAX_STATEMENTS && built.length() <= MAX_KEPT_CHARS) {
      statements.putIfAbsent(shape, built);
    }
    return built;
  }

  /** The most statements a table keeps ({@link #sql}). */
  static final int MAX_STATEMENTS = 256;
  /** The longest statement a table keeps: a multi-row insert of about a hundred rows. */
  static final int MAX_KEPT_CHARS = 32_768;

  static String nameOf(int number) {
    return "bc_t" + number;
  }

  String name() {
    return name;
  }

  /** The id, creation time and body columns, in the order every read selects them. */
  String documentColumns() {
    return documentColumns;
  }

  /** The number of columns {@link #documentColumns} selects. */
  int documentColumnCount() {
    return 2 + dialect.bodyColumns().size();
  }

  String insertSql() {
    return insertSql(1);
  }

  /**
   * The columns an insert binds per row: the row key on H2, id, creation time, body column(s),
   * key columns.
   */
  int insertColumnCount() {
    return (dialect.rowKeys() ? 1 : 0) + documentColumnCount() + keyIndexes.size();
  }

  /** {@code INSERT INTO t (...) VALUES (?, ...), ...} of {@code rows} rows. */
  String insertSql(int rows) {
    StringBuilder columns = new StringBuilder(dialect.rowKeys() ? "rk, " : "")
        .append(documentColumns());
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
    StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + name() + " ("
        + (dialect.rowKeys() ? "rk BIGINT PRIMARY KEY, id " + dialect.idType() + " NOT NULL"
            : "id " + dialect.idType() + " PRIMARY KEY")
        + ", creation_time DOUBLE PRECISION NOT NULL, " + dialect.bodyDdl());
    for (TableRegistry.IndexInfo index : keyIndexes) {
      ddl.append(", ").append(index.column()).append(' ').append(dialect.binaryType())
          .append(" NOT NULL");
    }
    ddl.append(')');
    List<String> statements = new java.util.ArrayList<>();
    statements.add(ddl.toString());
    if (dialect.rowKeys()) {
      statements.add(idIndexSql());
    }
    keyIndexes.stream().map(this::uniqueIndexSql).forEach(statements::add);
    return statements;
  }

  /**
   * The id's own index on H2, where the row key is the primary key: plain, since the row key,
   * a function of the id, is unique already.
   */
  String idIndexSql() {
    return "CREATE INDEX IF NOT EXISTS " + uniqueIndexName("id") + " ON " + name() + " (id)";
  }

  /**
   * The column a read by id compares, {@code rk} on H2 and {@code id} elsewhere; bound by
   * {@link #bindLookup}. On H2 a row found this way may have another id with the same row key,
   * so every caller compares the ids it reads ({@link #idEquals} does it in SQL).
   */
  String lookupColumn() {
    return dialect.rowKeys() ? "rk" : "id";
  }

  /** Binds the value {@link #lookupColumn} is compared with for {@code id}. */
  void bindLookup(java.sql.PreparedStatement ps, int p, String id) throws java.sql.SQLException {
    if (dialect.rowKeys()) {
      ps.setLong(p, rowKey(id));
    }
    else {
      ps.setString(p, id);
    }
  }

  /**
   * The condition that selects exactly the row of one id: {@code rk = ? AND id = ?} on H2,
   * {@code id = ?} elsewhere; bound by {@link #bindId}.
   */
  String idEquals() {
    return dialect.rowKeys() ? "rk = ? AND id = ?" : "id = ?";
  }

  /**
   * Binds the id as the table's id columns hold it (the row key, then the id, on H2; the id
   * elsewhere) from parameter {@code p}, for {@link #idEquals} and for the first columns of
   * {@link #insertSql}; returns the next parameter.
   */
  int bindId(java.sql.PreparedStatement ps, int p, String id) throws java.sql.SQLException {
    int next = p;
    if (dialect.rowKeys()) {
      ps.setLong(next++, rowKey(id));
    }
    ps.setString(next++, id);
    return next;
  }

  /** The Crockford base32 alphabet of ids, lowercase, in the order of its values. */
  private static final String ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final byte[] ID_DIGITS = new byte[128];

  static {
    for (int i = 0; i < ID_ALPHABET.length(); i++) {
      ID_DIGITS[ID_ALPHABET.charAt(i)] = (byte) i;
    }
  }

  /**
   * The row key of an id: the first 8 bytes of its internal id (which are random, see
   * {@link dev.betterconvex.orm.value.DocumentId#generate}), big-endian, with the sign bit
   * flipped, so that ids of one table in id order have row keys in the same order. Read from the
   * id string without checking it: a string that is no id of the table gets some row key, and
   * the caller's comparison of the ids rejects whatever row has it.
   */
  static long rowKey(String id) {
    // The string is base32 of: the table number as a varint, the 16 internal id bytes, a footer.
    int bit = 0;
    // Skip the varint: bytes whose high bit is set continue it.
    while (bits(id, bit, 8) >= 0x80) {
      bit += 8;
    }
    bit += 8;
    long high = bits(id, bit, 32);
    long low = bits(id, bit + 32, 32);
    return ((high << 32) | low) ^ Long.MIN_VALUE;
  }

  /** The {@code count} (at most 32) bits of the id's bytes from bit {@code from}, big-endian. */
  private static long bits(String id, int from, int count) {
    long value = 0;
    int end = from + count;
    int bit = from;
    while (bit < end) {
      int position = bit / 5;
      int digit = position < id.length() && id.charAt(position) < 128
          ? ID_DIGITS[id.charAt(position)] : 0;
      int offset = bit % 5;
      int take = Math.min(5 - offset, end - bit);
      int part = (digit >>> (5 - offset - take)) & ((1 << take) - 1);
      value = (value << take) | part;
      bit += take;
    }
    return value;
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
