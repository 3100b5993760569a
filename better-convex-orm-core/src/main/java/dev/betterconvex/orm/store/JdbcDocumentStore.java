package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexJson;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Every SQL statement the engine runs on documents, in storage layout 2: one physical table per
 * Convex table ({@link PhysicalTable}), one binary key column per index holding the
 * order-preserving encoding of the index fields, so both databases read in identical order. A
 * range read walks one unique index and touches only the rows it returns.
 */
final class JdbcDocumentStore {

  /** The longest index key accepted; PostgreSQL B-tree entries must stay below 2704 bytes. */
  static final int MAX_KEY_BYTES = 2048;

  /** Above every encoded key: every encoded value starts with a tag below {@code 0xFF}. */
  private static final byte[] ABOVE_ALL_KEYS = {(byte) 0xFF};

  /** A document read by a scan, with the index key it was found at and its stored size. */
  record ScannedDocument(byte[] key, Document document, int bytes) {
  }

  /** A document read by a multi-range scan, with its range's position in the statement. */
  record RangedDocument(int range, byte[] key, Document document, int bytes) {
  }

  /** A document read by id, with its stored size. */
  record StoredDocument(Document document, int bytes) {
  }

  /**
   * A document ready to insert: its body, its key in every key column of the table, and the
   * documents that must exist for it to be written (the physical table of each and its id, or
   * null where nothing is required; empty lists for none).
   */
  record Row(Document document, String body, List<byte[]> keys, List<String> parentTables,
      List<@Nullable String> parentIds) {

    Row(Document document, String body, List<byte[]> keys) {
      this(document, body, keys, List.of(), List.of());
    }

    Row requiring(List<String> tables, List<@Nullable String> ids) {
      return new Row(document, body, keys, tables, ids);
    }
  }

  @Nullable StoredDocument get(Connection c, PhysicalTable table, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(table.getSql())) {
      table.bindLookup(ps, 1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && id.equals(rs.getString(1)) ? stored(table, rs) : null;
      }
    }
  }

  /** Reads the documents with these ids (those that exist, in no order) in one statement. */
  List<StoredDocument> getMany(Connection c, PhysicalTable table, Collection<String> ids)
      throws SQLException {
    List<StoredDocument> result = new ArrayList<>(ids.size());
    if (ids.isEmpty()) {
      return result;
    }
    String sql = "SELECT " + table.documentColumns() + " FROM " + table.name() + " WHERE "
        + table.lookupColumn() + " IN ("
        + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")";
    java.util.Set<String> wanted = table.dialect().rowKeys() ? java.util.Set.copyOf(ids) : null;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (String id : ids) {
        table.bindLookup(ps, p++, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (wanted == null || wanted.contains(rs.getString(1))) {
            result.add(stored(table, rs));
          }
        }
      }
    }
    return result;
  }

  /**
   * Reads up to {@code limit} documents of {@code index} whose keys lie in {@code [start, end)},
   * in key order or reversed: {@code WHERE k >= ? AND k < ? ORDER BY k LIMIT ?} on the index's
   * column, which walks its unique index.
   */
  List<ScannedDocument> scan(Connection c, PhysicalTable table, TableRegistry.IndexInfo index,
      byte[] start, byte @Nullable [] end, Order order, int limit) throws SQLException {
    Bounds bounds = Bounds.of(index, start, end);
    if (bounds == null) {
      return List.of();
    }
    try (PreparedStatement ps = c.prepareStatement(rangeSql(table, index, bounds, order))) {
      int p = bounds.bind(ps, 1);
      ps.setInt(p, limit);
      List<ScannedDocument> result = new ArrayList<>(Math.min(limit, 256));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredDocument stored = stored(table, rs);
          result.add(new ScannedDocument(key(table, index, rs, stored.document()),
              stored.document(), stored.bytes()));
        }
      }
      return result;
    }
  }

  /** A page read after skipping rows in the database: the page, and what the skip read. */
  record SkippedPage(List<ScannedDocument> page, long skipped, long skippedBytes) {
  }

  /**
   * Reads up to {@code limit} documents of {@code index} in {@code [start, end)} after the first
   * {@code skip} of them, in one statement: a walk of the {@code skip} skipped rows that only
   * aggregates ({@code COUNT}, {@code SUM} of {@link SqlDialect#skippedBodySize}) for the
   * transaction's read limits, joined to the page. On PostgreSQL the page's keys come from
   * {@code LIMIT ? OFFSET ?} over the key column alone (an index-only scan once the visibility
   * map is set, so the walk reads no row), and its rows from one index lookup per key; on H2,
   * where that shape cost more than it saved (4.4 to 5.8 ms of CPU time for page 500 against
   * 3.8 to 4.1 ms), the page is a second walk of the index with the rows, {@code LIMIT ? OFFSET ?}.
   * Either way the skipped rows are neither sent nor parsed. The count is the outer side of the
   * join, so the statement always returns one row, also when the page is empty. Window
   * aggregates over the walk (an earlier shape) made both databases buffer and H2 re-sort every
   * walked row with its body; counting characters on PostgreSQL ({@code CHAR_LENGTH}, which
   * scans each body) made the count four times the page.
   */
  SkippedPage scanSkipping(Connection c, PhysicalTable table, TableRegistry.IndexInfo index,
      byte[] start, byte @Nullable [] end, Order order, int skip, int limit) throws SQLException {
    Bounds bounds = Bounds.of(index, start, end);
    if (bounds == null) {
      return new SkippedPage(List.of(), 0, 0);
    }
    String column = index.column();
    String counted = "SELECT COUNT(*) AS bc_n, COALESCE(SUM(bc_len), 0) AS bc_bytes FROM (SELECT "
        + table.dialect().skippedBodySize() + " AS bc_len" + rangeFrom(table, index, bounds, order)
        + " LIMIT ?) w";
    String sql;
    if (table.dialect().lateralJoins()) {
      String keys = "SELECT " + column + " AS bc_k" + rangeFrom(table, index, bounds, order)
          + " LIMIT ? OFFSET ?";
      String columns = Arrays.stream(selectColumns(table, index).split(", "))
          .map(name -> "t." + name).collect(Collectors.joining(", "));
      // The LATERAL lookup has a LIMIT of its own: the generic plan, which expects a tenth of
      // the table from LIMIT ?, would otherwise hash the keys against a scan of the table.
      sql = "SELECT " + columns + ", c.bc_n, c.bc_bytes FROM (" + counted + ") c LEFT JOIN ("
          + keys + ") p ON 1 = 1 LEFT JOIN LATERAL (SELECT " + selectColumns(table, index)
          + " FROM " + table.name() + " WHERE " + column + " = p.bc_k LIMIT 1) t ON 1 = 1"
          + " ORDER BY p.bc_k" + direction(order);
    }
    else {
      String page = "SELECT " + selectColumns(table, index)
          + rangeFrom(table, index, bounds, order) + " LIMIT ? OFFSET ?";
      sql = "SELECT p.*, c.bc_n, c.bc_bytes FROM (" + counted + ") c LEFT JOIN (" + page
          + ") p ON 1 = 1 ORDER BY p." + column + direction(order);
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = bounds.bind(ps, 1);
      ps.setInt(p++, skip);
      p = bounds.bind(ps, p);
      ps.setInt(p++, limit);
      ps.setInt(p, skip);
      List<ScannedDocument> rows = new ArrayList<>(Math.min(limit, 256));
      long skipped = 0;
      long bytes = 0;
      int aggregates = table.documentColumnCount() + (index.isPrimary() ? 1 : 2);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          skipped = rs.getLong(aggregates);
          bytes = rs.getLong(aggregates + 1);
          if (rs.getString(1) != null) {
            StoredDocument stored = stored(table, rs);
            rows.add(new ScannedDocument(key(table, index, rs, stored.document()),
                stored.document(), stored.bytes()));
          }
        }
      }
      return new SkippedPage(rows, skipped, bytes);
    }
  }

  /**
   * Reads the documents of {@code index} in every range {@code [starts[i], ends[i])} (a null
   * end: to the end of the index) in one statement, each row tagged with {@code i}, so that each
   * range is one walk of the index, never a scan of all of it: on PostgreSQL a {@code LATERAL}
   * subquery per row of a {@code VALUES} list; on H2, which has no {@code LATERAL}, a
   * {@code UNION ALL} of one parenthesised subquery per range, each with its own
   * {@code ORDER BY ... LIMIT}. Rows come ordered by range, then by key in {@code order}; each
   * range keeps its first {@code limitPerRange} rows, and at most {@code maxRows} are returned.
   */
  List<RangedDocument> scanRanges(Connection c, PhysicalTable table,
      TableRegistry.IndexInfo index, List<byte[]> starts, List<byte @Nullable []> ends,
      Order order, int limitPerRange, int maxRows) throws SQLException {
    List<Integer> positions = new ArrayList<>();
    List<Bounds> bounds = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      Bounds b = Bounds.of(index, starts.get(i), ends.get(i));
      if (b != null) {
        positions.add(i);
        bounds.add(b.closed(index));
      }
    }
    if (bounds.isEmpty()) {
      return List.of();
    }
    boolean limited = limitPerRange != Integer.MAX_VALUE;
    String sql = table.dialect().lateralJoins()
        ? lateralRanges(table, index, bounds.size(), order, limited)
        : unionRanges(table, index, bounds.size(), order, limited ? limitPerRange : null);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      boolean lateral = table.dialect().lateralJoins();
      for (int i = 0; i < bounds.size(); i++) {
        if (lateral) {
          ps.setInt(p++, i);
        }
        ps.setObject(p++, bounds.get(i).lower());
        ps.setObject(p++, bounds.get(i).upper());
      }
      if (lateral && limited) {
        ps.setInt(p++, limitPerRange);
      }
      ps.setInt(p, maxRows);
      List<RangedDocument> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int n = rs.getInt(1);
          StoredDocument stored = stored(table, rs, 2);
          byte[] key = index.isPrimary() ? IdRange.key(stored.document().id())
              : rs.getBytes(2 + table.documentColumnCount());
          result.add(new RangedDocument(positions.get(n), key, stored.document(), stored.bytes()));
        }
      }
      Comparator<byte[]> keyOrder = order == Order.ASC ? Arrays::compareUnsigned
          : (a, b) -> Arrays.compareUnsigned(b, a);
      result.sort(Comparator.comparingInt(RangedDocument::range)
          .thenComparing(RangedDocument::key, keyOrder));
      return result;
    }
  }

  private static String lateralRanges(PhysicalTable table, TableRegistry.IndexInfo index,
      int count, Order order, boolean limited) {
    String type = index.isPrimary() ? "VARCHAR" : table.dialect().binaryParameterType();
    StringBuilder ranges = new StringBuilder("(VALUES ");
    for (int i = 0; i < count; i++) {
      ranges.append(i == 0 ? "" : ", ").append("(CAST(? AS INTEGER), CAST(? AS ").append(type)
          .append("), CAST(? AS ").append(type).append("))");
    }
    ranges.append(") AS r (n, lo, hi)");
    String column = index.column();
    return "SELECT r.n, x.* FROM " + ranges + " CROSS JOIN LATERAL (SELECT "
        + selectColumns(table, index) + " FROM " + table.name() + " WHERE " + column
        + " >= r.lo AND " + column + " < r.hi ORDER BY " + column + direction(order)
        + (limited ? " LIMIT ?" : "") + ") x ORDER BY r.n, x." + column + direction(order)
        + " LIMIT ?";
  }

  /**
   * The H2 shape. The limit per range is written into the statement, not bound: H2 reuses a
   * union's last result when only the {@code LIMIT} parameters of its parts changed (it compares
   * every other parameter), within a transaction and across transactions that commit no write
   * (H2 2.3.232 to 2.4.240; {@code MultiRangeScanTests}).
   */
  private static String unionRanges(PhysicalTable table, TableRegistry.IndexInfo index,
      int count, Order order, @Nullable Integer limitPerRange) {
    String column = index.column();
    List<String> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add("(SELECT " + i + " AS n, " + selectColumns(table, index) + " FROM "
          + table.name() + " WHERE " + column + " >= ? AND " + column + " < ? ORDER BY " + column
          + direction(order) + (limitPerRange != null ? " LIMIT " + limitPerRange : "") + ")");
    }
    return "SELECT * FROM " + balancedUnion(parts, 0, count) + " u LIMIT ?";
  }

  /** Nests the union as a balanced tree: H2 recurses once per level (a chain overflows). */
  private static String balancedUnion(List<String> parts, int from, int to) {
    if (to - from == 1) {
      return parts.get(from);
    }
    int middle = (from + to) >>> 1;
    return "(" + balancedUnion(parts, from, middle) + " UNION ALL "
        + balancedUnion(parts, middle, to) + ")";
  }

  /** Computes the body and every key of a new document; fails when a key is too long. */
  static Row row(PhysicalTable table, Document doc) {
    return new Row(doc, ConvexJson.write(doc.fields()), keys(table, doc));
  }

  private static List<byte[]> keys(PhysicalTable table, Document doc) {
    List<byte[]> keys = new ArrayList<>(table.keyIndexes().size());
    for (TableRegistry.IndexInfo index : table.keyIndexes()) {
      keys.add(key(table.tableName(), index, doc));
    }
    return keys;
  }

  /**
   * Inserts the rows: those that require no other document in one round trip (one multi-row
   * {@code INSERT} where the dialect allows it, as many as its parameter limit holds per
   * statement, else one JDBC batch), then those that do (see {@link #insertRequiring}).
   *
   * @throws MissingParentException when a required document does not exist
   */
  void insert(Connection c, PhysicalTable table, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    // Rows that require nothing first (a required row of this table may be among them), then
    // each group of rows requiring documents of the same tables.
    java.util.Map<List<String>, List<Row>> groups = new java.util.LinkedHashMap<>();
    groups.put(List.of(), new ArrayList<>());
    for (Row row : rows) {
      groups.computeIfAbsent(row.parentTables(), k -> new ArrayList<>()).add(row);
    }
    try {
      for (java.util.Map.Entry<List<String>, List<Row>> group : groups.entrySet()) {
        if (group.getKey().isEmpty()) {
          insertRows(c, table, group.getValue());
        }
        else if (!group.getValue().isEmpty()) {
          insertRequiring(c, table, group.getKey(), group.getValue());
        }
      }
    }
    catch (SQLException ex) {
      if (table.dialect().rowKeys() && isDuplicateKey(ex)) {
        // The row key is the only unique key of an H2 table, and ids are generated: a new id
        // whose internal id begins with the same 8 random bytes as a stored one's. A re-run of
        // the mutation draws new ids.
        throw new OptimisticConcurrencyException("A new document of table \"" + table.tableName()
            + "\" has the row key of a stored one (the first 8 bytes of their random internal "
            + "ids are equal); the mutation is re-run with new ids", ex);
      }
      throw ex;
    }
    SearchIndexes.inserted(c, table, rows.stream().map(Row::document).toList());
  }

  private static boolean isDuplicateKey(SQLException ex) {
    for (SQLException e = ex; e != null; e = e.getNextException()) {
      if ("23505".equals(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Inserts rows that require documents of {@code parents}: where the dialect has multi-row
   * inserts, in the same statement ({@code INSERT ... SELECT ... FROM (VALUES ...) WHERE
   * (SELECT 1 FROM parent ...) IS NOT NULL}, comparing the rows inserted with the rows sent);
   * else after one read of the required ids per table, inserting nothing when one is missing.
   */
  private void insertRequiring(Connection c, PhysicalTable table, List<String> parents,
      List<Row> rows) throws SQLException {
    int columns = table.insertColumnCount() + parents.size();
    int perStatement = table.dialect().multiRowInsertParameters() / columns;
    if (perStatement < 1) {
      for (int p = 0; p < parents.size(); p++) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (Row row : rows) {
          String id = row.parentIds().get(p);
          if (id != null) {
            ids.add(id);
          }
        }
        java.util.Set<String> found = existing(c, table, parents.get(p), List.copyOf(ids),
            table.dialect().maxRangesPerStatement());
        if (!found.containsAll(ids)) {
          throw missing(table, parents, rows.size(), countHaving(rows, p, found));
        }
      }
      insertRows(c, table, rows);
      return;
    }
    int inserted = 0;
    for (int from = 0; from < rows.size(); from += perStatement) {
      List<Row> part = rows.subList(from, Math.min(rows.size(), from + perStatement));
      try (PreparedStatement ps = c.prepareStatement(
          table.sql(new InsertShape(parents, part.size()),
              shape -> insertRequiringSql(table, parents, part.size())))) {
        int p = 1;
        for (Row row : part) {
          p = bind(ps, p, table, row);
          for (String id : row.parentIds()) {
            ps.setString(p++, id);
          }
        }
        inserted += ps.executeUpdate();
      }
    }
    if (inserted < rows.size()) {
      throw missing(table, parents, rows.size(), inserted);
    }
  }

  private static int countHaving(List<Row> rows, int parent, java.util.Set<String> found) {
    int count = 0;
    for (Row row : rows) {
      String id = row.parentIds().get(parent);
      if (id == null || found.contains(id)) {
        count++;
      }
    }
    return count;
  }

  private static MissingParentException missing(PhysicalTable table, List<String> parents,
      int sent, int inserted) {
    return new MissingParentException((sent - inserted) + " of " + sent + " rows inserted into "
        + "table \"" + table.tableName() + "\" reference a document that does not exist (in "
        + "physical tables " + new java.util.LinkedHashSet<>(parents) + ")");
  }

  /**
   * The ids of rows of the physical table {@code name} read for {@code ids} (all of those among
   * them that exist, perhaps others with the same row key), looked up as {@code table} (of the
   * same database) looks up its own ids.
   */
  private static java.util.Set<String> existing(Connection c, PhysicalTable table, String name,
      List<String> ids, int chunk) throws SQLException {
    java.util.Set<String> found = new java.util.HashSet<>();
    for (int from = 0; from < ids.size(); from += chunk) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + chunk));
      // A row key may belong to another id than the one asked for: that id exists too, and
      // the callers only ask whether the ids they asked for were found.
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + name + " WHERE "
          + table.lookupColumn() + " IN ("
          + String.join(", ", java.util.Collections.nCopies(part.size(), "?")) + ")")) {
        for (int i = 0; i < part.size(); i++) {
          table.bindLookup(ps, i + 1, part.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.add(rs.getString(1));
          }
        }
      }
    }
    return found;
  }

  /**
   * {@code INSERT INTO t (...) SELECT v.c1, ... FROM (VALUES (CAST(? AS ...), ...), ...) AS
   * v (c1, ..., p1, ...) WHERE (v.p1 IS NULL OR (SELECT 1 FROM parent WHERE id = v.p1) IS NOT
   * NULL) AND ...}: the rows whose required documents exist, in one statement. A scalar
   * subquery, not {@code EXISTS}: PostgreSQL hashes an {@code EXISTS} under {@code OR} and reads
   * the whole parent table for it (its cost grows with the parents, and at serializable it locks
   * the whole table); the scalar subquery is one primary-key probe per row.
   */
  private static String insertRequiringSql(PhysicalTable table, List<String> parents,
      int rows) {
    SqlDialect dialect = table.dialect();
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    if (dialect.rowKeys()) {
      columns.add("rk");
      types.add("BIGINT");
    }
    columns.add("id");
    types.add("VARCHAR");
    columns.add("creation_time");
    types.add("DOUBLE PRECISION");
    for (String body : dialect.bodyColumns()) {
      columns.add(body);
      types.add("TEXT");
    }
    for (TableRegistry.IndexInfo index : table.keyIndexes()) {
      columns.add(index.column());
      types.add(dialect.binaryParameterType());
    }
    List<String> names = new ArrayList<>(columns);
    for (int p = 0; p < parents.size(); p++) {
      names.add("bc_p" + p);
      types.add("VARCHAR");
    }
    StringBuilder row = new StringBuilder("(");
    for (int i = 0; i < types.size(); i++) {
      row.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(types.get(i)).append(')');
    }
    row.append(')');
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.name()).append(" (")
        .append(String.join(", ", columns)).append(") SELECT ")
        .append(String.join(", ", columns.stream().map(col -> "v." + col).toList()))
        .append(" FROM (VALUES ")
        .append(String.join(", ", java.util.Collections.nCopies(rows, row.toString())))
        .append(") AS v (").append(String.join(", ", names)).append(") WHERE ");
    for (int p = 0; p < parents.size(); p++) {
      sql.append(p == 0 ? "" : " AND ").append("(v.bc_p").append(p)
          .append(" IS NULL OR (SELECT 1 FROM ").append(parents.get(p))
          .append(" WHERE id = v.bc_p").append(p).append(") IS NOT NULL)");
    }
    return sql.toString();
  }

  /** Inserts rows that require nothing, in one round trip. */
  private void insertRows(Connection c, PhysicalTable table, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int perStatement = table.dialect().multiRowInsertParameters() / table.insertColumnCount();
    if (rows.size() > 1 && perStatement > 1) {
      for (int from = 0; from < rows.size(); from += perStatement) {
        List<Row> part = rows.subList(from, Math.min(rows.size(), from + perStatement));
        try (PreparedStatement ps = c.prepareStatement(table.sql(
            new InsertShape(List.of(), part.size()), shape -> table.insertSql(part.size())))) {
          int p = 1;
          for (Row row : part) {
            p = bind(ps, p, table, row);
          }
          ps.executeUpdate();
        }
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(table.insertSql())) {
      for (Row row : rows) {
        bind(ps, 1, table, row);
        if (rows.size() == 1) {
          ps.executeUpdate();
          return;
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Binds one row of an insert from parameter {@code p}; returns the next parameter. */
  private static int bind(PreparedStatement ps, int p, PhysicalTable table, Row row)
      throws SQLException {
    int next = table.bindId(ps, p, row.document().id());
    ps.setDouble(next++, row.document().creationTime());
    next = table.dialect().bindBody(ps, next, row.body());
    for (byte[] key : row.keys()) {
      ps.setBytes(next++, key);
    }
    return next;
  }

  /**
   * Sets the body and key columns in one statement, only while the index-set version in
   * {@code bc_meta} is still {@code indexVersion} (a scalar subquery in the {@code WHERE}), so a
   * write computed with a stale index set changes nothing. With {@code oldKnown} only the key
   * columns whose key differs from {@code old}'s are set, else all of them. Returns the body
   * size, or -1 when no row was updated: the row does not exist, or the version moved.
   */
  int update(Connection c, PhysicalTable table, Document old, boolean oldKnown,
      Document updated, long indexVersion) throws SQLException {
    Row after = row(table, updated);
    List<Integer> changed = new ArrayList<>();
    List<byte[]> before = oldKnown ? keys(table, old) : null;
    for (int i = 0; i < after.keys().size(); i++) {
      if (before == null || !Arrays.equals(before.get(i), after.keys().get(i))) {
        changed.add(i);
      }
    }
    StringBuilder sql = new StringBuilder("UPDATE ").append(table.name()).append(" SET ");
    sql.append(String.join(", ", table.dialect().bodyColumns().stream().map(b -> b + " = ?")
        .toList()));
    for (int i : changed) {
      sql.append(", ").append(table.keyIndexes().get(i).column()).append(" = ?");
    }
    sql.append(" WHERE ").append(table.idEquals())
        .append(" AND (SELECT meta_value FROM bc_meta WHERE meta_key = '")
        .append(RegistryLoader.INDEX_VERSION).append("') = ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = table.dialect().bindBody(ps, 1, after.body());
      for (int i : changed) {
        ps.setBytes(p++, after.keys().get(i));
      }
      p = table.bindId(ps, p, updated.id());
      ps.setString(p, Long.toString(indexVersion));
      if (ps.executeUpdate() == 0) {
        return -1;
      }
    }
    SearchIndexes.updated(c, table, old, oldKnown, updated);
    return after.body().length();
  }

  /** Deletes the row with this id in one statement; returns whether it existed. */
  boolean delete(Connection c, PhysicalTable table, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM " + table.name() + " WHERE " + table.idEquals())) {
      table.bindId(ps, 1, id);
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    SearchIndexes.deleted(c, table, id);
    return true;
  }

  /**
   * Reads (and with {@code lock}, locks) up to {@code limit} documents in id order after
   * {@code afterId} (exclusive; null: from the start), only those whose key column
   * {@code missingKey} is null when it is given, for index backfills and startup checks.
   */
  List<Document> readForBackfill(Connection c, PhysicalTable table, @Nullable String afterId,
      @Nullable String missingKey, int limit, boolean lock) throws SQLException {
    String sql = "SELECT " + table.documentColumns() + " FROM " + table.name() + " WHERE 1 = 1"
        + (afterId == null ? "" : " AND id > ?")
        + (missingKey == null ? "" : " AND " + missingKey + " IS NULL")
        + " ORDER BY id LIMIT ?" + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      if (afterId != null) {
        ps.setString(p++, afterId);
      }
      ps.setInt(p, limit);
      List<Document> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(stored(table, rs).document());
        }
      }
      return result;
    }
  }

  /** Returns the index key of {@code doc} in {@code index}: its key fields, encoded as a tuple. */
  static byte[] key(String table, TableRegistry.IndexInfo index, Document doc) {
    List<String> fields = index.schema().keyFields();
    List<@Nullable ConvexValue> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      values.add(doc.get(field));
    }
    byte[] key = KeyEncoding.encodeTuple(values);
    if (key.length > MAX_KEY_BYTES) {
      throw new InvalidDocumentException("Index key of document " + doc.id() + " in index "
          + table + "." + index.schema().name() + " is " + key.length
          + " bytes; the limit is " + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /**
   * {@code SELECT <document columns> FROM t WHERE <bounds> ORDER BY k LIMIT ?}: the walk of one
   * range of the index's column.
   */
  private static String rangeSql(PhysicalTable table, TableRegistry.IndexInfo index,
      Bounds bounds, Order order) {
    return table.sql(new RangeShape(index.id(), bounds.lower() != null, bounds.upper() != null,
        order), shape -> "SELECT " + selectColumns(table, index)
        + rangeFrom(table, index, bounds, order) + " LIMIT ?");
  }

  /**
   * What an insert's statement depends on: the physical tables of the required documents and
   * the rows it carries.
   */
  private record InsertShape(List<String> parents, int rows) {
  }

  /** What the statement of {@link #rangeSql} depends on. */
  private record RangeShape(int index, boolean lower, boolean upper, Order order) {
  }

  /** {@code FROM t WHERE <bounds> ORDER BY k}: one range of the index's column, in order. */
  private static String rangeFrom(PhysicalTable table, TableRegistry.IndexInfo index,
      Bounds bounds, Order order) {
    String column = index.column();
    return " FROM " + table.name() + " WHERE 1 = 1"
        + (bounds.lower() != null ? " AND " + column + " >= ?" : "")
        + (bounds.upper() != null ? " AND " + column + " < ?" : "")
        + " ORDER BY " + column + direction(order);
  }

  private static String selectColumns(PhysicalTable table, TableRegistry.IndexInfo index) {
    return table.documentColumns() + (index.isPrimary() ? "" : ", " + index.column());
  }

  private static byte[] key(PhysicalTable table, TableRegistry.IndexInfo index, ResultSet rs,
      Document doc) throws SQLException {
    return index.isPrimary() ? IdRange.key(doc.id())
        : rs.getBytes(1 + table.documentColumnCount());
  }

  private static String direction(Order order) {
    return order == Order.ASC ? " ASC" : " DESC";
  }

  private static StoredDocument stored(PhysicalTable table, ResultSet rs) throws SQLException {
    return stored(table, rs, 1);
  }

  private static StoredDocument stored(PhysicalTable table, ResultSet rs, int from)
      throws SQLException {
    String body = table.dialect().readBody(rs, from + 2);
    return new StoredDocument(new Document(table.tableName(), rs.getString(from),
        rs.getDouble(from + 1), body), body.length());
  }

  /**
   * The bounds of a range on an index column: binary keys, or id strings for {@code by_id}; a
   * null bound is open.
   */
  private record Bounds(@Nullable Object lower, @Nullable Object upper) {

    /** Binds the bounds that are not open from parameter {@code p}; returns the next one. */
    int bind(PreparedStatement ps, int p) throws SQLException {
      int next = p;
      if (lower != null) {
        ps.setObject(next++, lower);
      }
      if (upper != null) {
        ps.setObject(next++, upper);
      }
      return next;
    }

    static @Nullable Bounds of(TableRegistry.IndexInfo index, byte[] start,
        byte @Nullable [] end) {
      if (index.isPrimary()) {
        IdRange ids = IdRange.of(start, end);
        return ids == null ? null
            : new Bounds(ids.lower().isEmpty() ? null : ids.lower(), ids.upper());
      }
      if (end != null && Arrays.compareUnsigned(start, end) >= 0) {
        return null;
      }
      return new Bounds(start.length == 0 ? null : start, end);
    }

    /** Both ends given, for statements whose shape does not depend on the range. */
    Bounds closed(TableRegistry.IndexInfo index) {
      Object open = index.isPrimary() ? IdRange.ABOVE_ALL : ABOVE_ALL_KEYS;
      return new Bounds(lower == null ? (index.isPrimary() ? "" : new byte[0]) : lower,
          upper == null ? open : upper);
    }
  }
}
