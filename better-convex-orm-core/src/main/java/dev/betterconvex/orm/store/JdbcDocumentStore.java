package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexJson;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The storage layout and every SQL statement the engine runs. A document is one row of
 * {@code bc_documents} (its body in the Convex JSON form); each index entry is one row of
 * {@code bc_index_entries} keyed by {@code (index_id, index_key)}, where the key is the
 * order-preserving encoding of the index fields, so both databases read in identical order.
 */
final class JdbcDocumentStore {

  /** The longest index key accepted; PostgreSQL B-tree entries must stay below 2704 bytes. */
  static final int MAX_KEY_BYTES = 2048;

  /**
   * The longest body kept in {@code body} (H2's {@code CHARACTER VARYING} tops out here); a
   * longer one, which a document within Convex's 1 MiB can have in its JSON form (escapes,
   * base64), is kept in {@code body_overflow} with {@code body} empty. Normal reads stay on the
   * fast inline column.
   */
  static final int MAX_INLINE_BODY = 1_000_000;

  private static final String SELECT_BY_ID = "SELECT creation_time, body, body_overflow "
      + "FROM bc_documents WHERE id = ? AND table_number = ?";
  private static final String INSERT_DOCUMENT = "INSERT INTO bc_documents (id, table_number, "
      + "creation_time, body, body_overflow) VALUES (?, ?, ?, ?, ?)";
  private static final String UPDATE_DOCUMENT =
      "UPDATE bc_documents SET body = ?, body_overflow = ? WHERE id = ?";
  private static final String DELETE_DOCUMENT = "DELETE FROM bc_documents WHERE id = ?";
  private static final String INSERT_ENTRY =
      "INSERT INTO bc_index_entries (index_id, index_key, document_id) VALUES (?, ?, ?)";
  private static final String DELETE_ENTRY =
      "DELETE FROM bc_index_entries WHERE index_id = ? AND index_key = ?";
  private static final String SCAN_PREFIX = "SELECT e.index_key, d.id, d.creation_time, d.body, "
      + "d.body_overflow "
      + "FROM bc_index_entries e JOIN bc_documents d ON d.id = e.document_id WHERE e.index_id = ?";

  /** The most ids {@link #getAll} reads in one statement. */
  static final int MAX_IDS_PER_STATEMENT = 1000;

  /** The most ranges {@link #scanRanges} reads in one statement (3 parameters each). */
  static final int MAX_RANGES_PER_STATEMENT = 1000;

  /** A document read by a scan, with the index key it was found at and its stored size. */
  record ScannedDocument(byte[] key, Document document, int bytes) {
  }

  /** A document read by a multi-range scan, with its range's position in the statement. */
  record RangedDocument(int range, byte[] key, Document document, int bytes) {
  }

  /** A document read by id, with its stored size. */
  record StoredDocument(Document document, int bytes) {
  }

  @Nullable StoredDocument get(Connection c, TableRegistry.TableInfo table, String id)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_BY_ID)) {
      ps.setString(1, id);
      ps.setInt(2, table.number());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String body = body(rs, 2);
        return new StoredDocument(new Document(table.name(), id, rs.getDouble(1), parse(body)),
            body.length());
      }
    }
  }

  /**
   * Reads the documents of {@code table} with these ids (at most
   * {@link #MAX_IDS_PER_STATEMENT}) in one statement; absent ones are left out.
   */
  List<StoredDocument> getAll(Connection c, TableRegistry.TableInfo table, List<String> ids)
      throws SQLException {
    String sql = "SELECT id, creation_time, body, body_overflow FROM bc_documents "
        + "WHERE table_number = ? "
        + "AND id IN (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, table.number());
      for (int i = 0; i < ids.size(); i++) {
        ps.setString(i + 2, ids.get(i));
      }
      List<StoredDocument> result = new ArrayList<>(ids.size());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String body = body(rs, 3);
          result.add(new StoredDocument(new Document(table.name(), rs.getString(1),
              rs.getDouble(2), parse(body)), body.length()));
        }
      }
      return result;
    }
  }

  /**
   * Reads up to {@code limit} documents of {@code index} whose keys lie in {@code [start, end)},
   * in key order or reversed.
   */
  List<ScannedDocument> scan(Connection c, TableRegistry.TableInfo table,
      TableRegistry.IndexInfo index, byte[] start, byte @Nullable [] end, Order order, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder(SCAN_PREFIX);
    if (start.length > 0) {
      sql.append(" AND e.index_key >= ?");
    }
    if (end != null) {
      sql.append(" AND e.index_key < ?");
    }
    // Not "ORDER BY e.index_id, e.index_key": it lets H2 2.4 walk the primary key and stop at
    // the LIMIT (faster), but H2 then fails with "Row not found in primary index" when the same
    // transaction deleted entries of the range (CascadeCycleTests). Correctness first.
    sql.append(order == Order.ASC ? " ORDER BY e.index_key ASC" : " ORDER BY e.index_key DESC");
    sql.append(" LIMIT ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      ps.setInt(p++, index.id());
      if (start.length > 0) {
        ps.setBytes(p++, start);
      }
      if (end != null) {
        ps.setBytes(p++, end);
      }
      ps.setInt(p, limit);
      List<ScannedDocument> result = new ArrayList<>(Math.min(limit, 256));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String body = body(rs, 4);
          Document doc = new Document(table.name(), rs.getString(2), rs.getDouble(3), parse(body));
          result.add(new ScannedDocument(rs.getBytes(1), doc, body.length()));
        }
      }
      return result;
    }
  }

  /**
   * Reads the keys of {@code index} in every range {@code [starts[i], ends[i])} (a null end: to
   * the end of the index) in one statement, each row tagged with {@code i}: the ranges, given as
   * a {@code VALUES} list, joined with the index entries so that each range is one index range
   * scan. Rows come ordered by range, then by key in {@code order}. With a {@code limitPerRange},
   * each range keeps its first rows ({@code LIMIT} in a {@code LATERAL} subquery where the
   * database has them, else {@code ROW_NUMBER() OVER (PARTITION BY range)} before the documents
   * are joined). At most {@code maxRows} rows are returned in all.
   */
  List<RangedDocument> scanRanges(Connection c, SqlDialect dialect, TableRegistry.TableInfo table,
      TableRegistry.IndexInfo index, List<byte[]> starts, List<byte @Nullable []> ends,
      Order order, int limitPerRange, int maxRows) throws SQLException {
    String direction = order == Order.ASC ? " ASC" : " DESC";
    String binary = dialect.binaryParameterType();
    StringBuilder ranges = new StringBuilder("(VALUES ");
    for (int i = 0; i < starts.size(); i++) {
      ranges.append(i == 0 ? "" : ", ").append("(CAST(? AS INTEGER), CAST(? AS ").append(binary)
          .append("), CAST(? AS ").append(binary).append("))");
    }
    ranges.append(") AS r (n, lo, hi)");
    boolean limited = limitPerRange != Integer.MAX_VALUE;
    String inRange = "e.index_id = ? AND e.index_key >= r.lo AND e.index_key < r.hi";
    String sql;
    if (dialect.lateralJoins()) {
      sql = "SELECT r.n, x.index_key, x.id, x.creation_time, x.body, x.body_overflow FROM "
          + ranges + " CROSS JOIN LATERAL (SELECT e.index_key, d.id, d.creation_time, d.body, "
          + "d.body_overflow "
          + "FROM bc_index_entries e JOIN bc_documents d ON d.id = e.document_id WHERE " + inRange
          + " ORDER BY e.index_key" + direction + (limited ? " LIMIT ?" : "") + ") x "
          + "ORDER BY r.n, x.index_key" + direction + " LIMIT ?";
    }
    else if (!limited) {
      sql = "SELECT r.n, e.index_key, d.id, d.creation_time, d.body, d.body_overflow FROM "
          + ranges
          + " JOIN bc_index_entries e ON " + inRange + " JOIN bc_documents d "
          + "ON d.id = e.document_id ORDER BY r.n, e.index_key" + direction + " LIMIT ?";
    }
    else {
      sql = "SELECT t.n, t.index_key, d.id, d.creation_time, d.body, d.body_overflow FROM "
          + "(SELECT r.n, "
          + "e.index_key, e.document_id, ROW_NUMBER() OVER (PARTITION BY r.n ORDER BY "
          + "e.index_key" + direction + ") AS rn FROM " + ranges + " JOIN bc_index_entries e ON "
          + inRange + ") t JOIN bc_documents d ON d.id = t.document_id WHERE t.rn <= ? "
          + "ORDER BY t.n, t.index_key" + direction + " LIMIT ?";
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (int i = 0; i < starts.size(); i++) {
        byte[] end = ends.get(i);
        ps.setInt(p++, i);
        ps.setBytes(p++, starts.get(i));
        // No key reaches 0xFF: every encoded value starts with a tag below it.
        ps.setBytes(p++, end == null ? new byte[] {(byte) 0xFF} : end);
      }
      ps.setInt(p++, index.id());
      if (limited) {
        ps.setInt(p++, limitPerRange);
      }
      ps.setInt(p, maxRows);
      List<RangedDocument> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String body = body(rs, 5);
          Document doc = new Document(table.name(), rs.getString(3), rs.getDouble(4), parse(body));
          result.add(new RangedDocument(rs.getInt(1), rs.getBytes(2), doc, body.length()));
        }
      }
      return result;
    }
  }

  /** Writes a new document and its index entries: two round trips. Returns the body size. */
  int insert(Connection c, TableRegistry.TableInfo table, Document doc) throws SQLException {
    List<byte[]> keys = keys(table, doc);
    String body = ConvexJson.write(doc.fields());
    try (PreparedStatement ps = c.prepareStatement(INSERT_DOCUMENT)) {
      ps.setString(1, doc.id());
      ps.setInt(2, table.number());
      ps.setDouble(3, doc.creationTime());
      setBody(ps, 4, body);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
      for (int i = 0; i < keys.size(); i++) {
        ps.setInt(1, table.indexes().get(i).id());
        ps.setBytes(2, keys.get(i));
        ps.setString(3, doc.id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return body.length();
  }

  /** Replaces the body of a document and moves only the index entries whose keys changed. */
  int update(Connection c, TableRegistry.TableInfo table, Document old, Document updated)
      throws SQLException {
    List<byte[]> oldKeys = keys(table, old);
    List<byte[]> newKeys = keys(table, updated);
    String body = ConvexJson.write(updated.fields());
    try (PreparedStatement ps = c.prepareStatement(UPDATE_DOCUMENT)) {
      setBody(ps, 1, body);
      ps.setString(3, updated.id());
      ps.executeUpdate();
    }
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < oldKeys.size(); i++) {
      if (!Arrays.equals(oldKeys.get(i), newKeys.get(i))) {
        changed.add(i);
      }
    }
    if (!changed.isEmpty()) {
      deleteEntries(c, table, oldKeys, changed);
      try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
        for (int i : changed) {
          ps.setInt(1, table.indexes().get(i).id());
          ps.setBytes(2, newKeys.get(i));
          ps.setString(3, updated.id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return body.length();
  }

  void delete(Connection c, TableRegistry.TableInfo table, Document old) throws SQLException {
    List<byte[]> oldKeys = keys(table, old);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < oldKeys.size(); i++) {
      all.add(i);
    }
    deleteEntries(c, table, oldKeys, all);
    try (PreparedStatement ps = c.prepareStatement(DELETE_DOCUMENT)) {
      ps.setString(1, old.id());
      ps.executeUpdate();
    }
  }

  private static void deleteEntries(Connection c, TableRegistry.TableInfo table, List<byte[]> keys,
      List<Integer> which) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE_ENTRY)) {
      for (int i : which) {
        ps.setInt(1, table.indexes().get(i).id());
        ps.setBytes(2, keys.get(i));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Backfills new indexes of a table by reading its documents through the creation-time index. */
  int backfillFromIndex(Connection c, TableRegistry.TableInfo table,
      List<TableRegistry.IndexInfo> indexes) throws SQLException {
    TableRegistry.IndexInfo byCreation = table.creationTimeIndex();
    byte[] start = new byte[0];
    int count = 0;
    while (true) {
      List<ScannedDocument> batch = scan(c, table, byCreation, start, null, Order.ASC, 500);
      if (batch.isEmpty()) {
        return count;
      }
      writeEntries(c, table, indexes, batch.stream().map(ScannedDocument::document).toList());
      count += batch.size();
      byte[] last = batch.get(batch.size() - 1).key();
      start = Arrays.copyOf(last, last.length + 1);
    }
  }

  /** Backfills indexes of a table by reading the documents table (used for the creation index). */
  int backfillFromDocuments(Connection c, TableRegistry.TableInfo table,
      List<TableRegistry.IndexInfo> indexes) throws SQLException {
    List<Document> docs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, creation_time, body, body_overflow FROM bc_documents "
            + "WHERE table_number = ?")) {
      ps.setInt(1, table.number());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          docs.add(new Document(table.name(), rs.getString(1), rs.getDouble(2),
              parse(body(rs, 3))));
        }
      }
    }
    writeEntries(c, table, indexes, docs);
    return docs.size();
  }

  private void writeEntries(Connection c, TableRegistry.TableInfo table,
      List<TableRegistry.IndexInfo> indexes, List<Document> docs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
      for (Document doc : docs) {
        for (TableRegistry.IndexInfo index : indexes) {
          ps.setInt(1, index.id());
          ps.setBytes(2, key(table, index, doc));
          ps.setString(3, doc.id());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private static List<byte[]> keys(TableRegistry.TableInfo table, Document doc) {
    List<byte[]> keys = new ArrayList<>(table.indexes().size());
    for (TableRegistry.IndexInfo index : table.indexes()) {
      keys.add(key(table, index, doc));
    }
    return keys;
  }

  /** Returns the index key of {@code doc} in {@code index}: its key fields, encoded as a tuple. */
  static byte[] key(TableRegistry.TableInfo table, TableRegistry.IndexInfo index, Document doc) {
    List<String> fields = index.schema().keyFields();
    List<@Nullable ConvexValue> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      values.add(doc.get(field));
    }
    byte[] key = KeyEncoding.encodeTuple(values);
    if (key.length > MAX_KEY_BYTES) {
      throw new InvalidDocumentException("Index key of document " + doc.id() + " in index "
          + table.name() + "." + index.schema().name() + " is " + key.length
          + " bytes; the limit is " + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** Binds {@code body} to the parameter {@code index} (inline) and the next one (overflow). */
  private static void setBody(PreparedStatement ps, int index, String body) throws SQLException {
    boolean inline = body.length() <= MAX_INLINE_BODY;
    ps.setString(index, inline ? body : "");
    ps.setString(index + 1, inline ? null : body);
  }

  /** Reads the body from the columns {@code index} (inline) and {@code index + 1} (overflow). */
  private static String body(ResultSet rs, int index) throws SQLException {
    String inline = rs.getString(index);
    String overflow = rs.getString(index + 1);
    return overflow != null ? overflow : inline;
  }

  private static ConvexObject parse(String body) {
    ConvexValue value = ConvexJson.read(body);
    if (!(value instanceof ConvexObject object)) {
      throw new IllegalStateException("Stored document body is not an object: " + body);
    }
    return object;
  }
}
