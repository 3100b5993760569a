package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.RankIndexSchema;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The storage of one rank index: per partition, a counted skip list persisted as rows of
 * {@code bc_rank_nodes} ({@code (agg_id, part_key, lvl, entry_key)}: {@code span}, the number of
 * entries from this node up to the next node of its level, and {@code span_sum}, their sum).
 * Every row of the partition is one entry of level 0; an entry is also on levels 1 to
 * {@code h - 1}, where its height {@code h} comes from a hash of its document id (each level
 * keeps about a quarter of the one below, at most {@value #LEVELS} levels). A head node
 * (the empty key, below every entry) starts every level.
 *
 * <p>A search walks down from the top level: on each level it needs the nodes from where the
 * level above stopped up to the key or offset (about four, expected). A search by key (a rank,
 * an insertion, a deletion) reads the {@value #NEAR} nodes nearest below the key on every level
 * in one statement (a level where they are not enough is read again); a search by offset reads
 * one statement per level. Either reads a number of node rows that grows with the logarithm of
 * the size {@code n} of the partition; the count and the sum of a partition are its top level,
 * one statement and (below 4^11 entries) one row.
 * A write locks the partition's top head row first, so writers of one partition queue up and
 * those of different partitions do not meet.
 *
 * <p>An entry key is the {@link KeyEncoding} of the {@code orderBy} values (each byte of a
 * descending key complemented, which reverses the order of the self-delimiting encodings)
 * followed by that of the id, so keys are unique and ordered as the index orders the rows.
 */
final class RankTree {

  /** The levels of every partition. */
  static final int LEVELS = 12;

  private static final byte[] HEAD = new byte[0];

  private final int id;
  private final String table;
  private final RankIndexSchema schema;

  RankTree(int id, String table, RankIndexSchema schema) {
    this.id = id;
    this.table = table;
    this.schema = schema;
  }

  static String createTable(SqlDialect dialect) {
    String binary = dialect.binaryType();
    return "CREATE TABLE IF NOT EXISTS bc_rank_nodes (agg_id INTEGER NOT NULL, part_key "
        + binary + " NOT NULL, lvl INTEGER NOT NULL, entry_key " + binary + " NOT NULL, "
        + "doc_id VARCHAR(40) NOT NULL, span BIGINT NOT NULL, span_sum VARCHAR(4000) NOT NULL, "
        + "PRIMARY KEY (agg_id, part_key, lvl, entry_key))";
  }

  /** The summed field, or null. */
  @Nullable String sumField() {
    return schema.sum();
  }

  /** Counts the node rows a read or write reads. */
  static final class Reads {
    long rows;
    long bytes;
  }

  /** One entry of a partition: its document id and its key. */
  record Entry(String id, byte[] key) {
  }

  /** The count and the sum of a partition. */
  record Totals(long count, AggregateSum sum) {
  }

  // ---------------------------------------------------------------- keys

  /** The partition key of {@code doc}. */
  byte[] partition(Document doc) {
    List<@Nullable ConvexValue> values = new ArrayList<>(schema.partitionBy().size());
    for (String field : schema.partitionBy()) {
      values.add(doc.get(field));
    }
    return checked(KeyEncoding.encodeTuple(values), doc.id());
  }

  /** The partition key of the values of the {@code partitionBy} fields. */
  static byte[] partition(List<@Nullable ConvexValue> values) {
    return KeyEncoding.encodeTuple(values);
  }

  /** The entry key of {@code doc}. */
  byte[] key(Document doc) {
    KeyBytes out = new KeyBytes();
    for (RankIndexSchema.Key key : schema.orderBy()) {
      byte[] encoded = KeyEncoding.encode(doc.get(key.field()));
      if (key.direction() == RankIndexSchema.Direction.DESC) {
        for (int i = 0; i < encoded.length; i++) {
          encoded[i] = (byte) ~encoded[i];
        }
      }
      out.add(encoded);
    }
    out.add(KeyEncoding.encode(new ConvexString(doc.id())));
    return checked(out.bytes(), doc.id());
  }

  private static final class KeyBytes {
    private byte[] bytes = new byte[0];

    void add(byte[] more) {
      byte[] joined = Arrays.copyOf(bytes, bytes.length + more.length);
      System.arraycopy(more, 0, joined, bytes.length, more.length);
      bytes = joined;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  private byte[] checked(byte[] key, String doc) {
    if (key.length > JdbcDocumentStore.MAX_KEY_BYTES) {
      throw new InvalidDocumentException("Rank key of document " + doc + " in rank index "
          + table + "." + schema.name() + " is " + key.length + " bytes; the limit is "
          + JdbcDocumentStore.MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** The height of an entry: 1 + the pairs of trailing zero bits of a hash of its id. */
  static int height(String docId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < docId.length(); i++) {
      h = (h ^ docId.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return 1 + Math.min(LEVELS - 1, Long.numberOfTrailingZeros(h) / 2);
  }

  private AggregateSum value(Document doc) {
    String sum = schema.sum();
    return sum == null ? AggregateSum.EMPTY : AggregateSum.of(doc.get(sum));
  }

  // ---------------------------------------------------------------- writes

  private record Change(byte[] partition, byte[] key, String docId, AggregateSum value) {
    String order() {
      return HexFormat.of().formatHex(partition) + "/" + HexFormat.of().formatHex(key) + "/"
          + value.encode();
    }
  }

  /**
   * Removes the entries of {@code removed} and adds those of {@code added}; an update that
   * changes neither the partition, the key nor the summed value changes nothing. Partitions are
   * locked in key order.
   */
  void apply(Connection c, List<Document> removed, List<Document> added) throws SQLException {
    Map<String, Change> removals = new TreeMap<>();
    for (Document doc : removed) {
      Change change = new Change(partition(doc), key(doc), doc.id(), value(doc));
      removals.put(change.order(), change);
    }
    Map<String, Change> additions = new TreeMap<>();
    for (Document doc : added) {
      Change change = new Change(partition(doc), key(doc), doc.id(), value(doc));
      if (removals.remove(change.order()) == null) {
        additions.put(change.order(), change);
      }
    }
    TreeMap<String, List<Change>> byPartition = new TreeMap<>();
    removals.values().forEach(ch -> byPartition.computeIfAbsent(
        HexFormat.of().formatHex(ch.partition()), k -> new ArrayList<>()).add(ch));
    TreeMap<String, List<Change>> insertsByPartition = new TreeMap<>();
    additions.values().forEach(ch -> insertsByPartition.computeIfAbsent(
        HexFormat.of().formatHex(ch.partition()), k -> new ArrayList<>()).add(ch));
    TreeMap<String, byte[]> partitions = new TreeMap<>();
    removals.values().forEach(ch -> partitions.put(HexFormat.of().formatHex(ch.partition()),
        ch.partition()));
    additions.values().forEach(ch -> partitions.put(HexFormat.of().formatHex(ch.partition()),
        ch.partition()));
    Reads reads = new Reads();
    for (Map.Entry<String, byte[]> part : partitions.entrySet()) {
      byte[] partition = part.getValue();
      boolean exists = lockHead(c, partition);
      List<Change> deletes = byPartition.getOrDefault(part.getKey(), List.of());
      List<Change> inserts = insertsByPartition.getOrDefault(part.getKey(), List.of());
      if (!exists) {
        if (!deletes.isEmpty()) {
          throw outOfStep("has no partition for document " + deletes.get(0).docId());
        }
        createHeads(c, partition);
      }
      for (Change change : deletes) {
        delete(c, change, reads);
      }
      for (Change change : inserts) {
        insert(c, change, reads);
      }
      if (!deletes.isEmpty() && inserts.isEmpty() && totals(c, partition, reads).count() == 0) {
        StoreBootstrap.exec(c, "DELETE FROM bc_rank_nodes WHERE agg_id = ? AND part_key = ?", id,
            partition);
      }
    }
  }

  private boolean lockHead(Connection c, byte[] partition) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT span FROM bc_rank_nodes WHERE "
        + "agg_id = ? AND part_key = ? AND lvl = ? AND entry_key = ? FOR UPDATE")) {
      ps.setInt(1, id);
      ps.setBytes(2, partition);
      ps.setInt(3, LEVELS - 1);
      ps.setBytes(4, HEAD);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void createHeads(Connection c, byte[] partition) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int level = 0; level < LEVELS; level++) {
        bindInsert(ps, partition, level, HEAD, "", 0, AggregateSum.EMPTY);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static final String INSERT = "INSERT INTO bc_rank_nodes (agg_id, part_key, lvl, "
      + "entry_key, doc_id, span, span_sum) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE = "UPDATE bc_rank_nodes SET span = ?, span_sum = ? WHERE "
      + "agg_id = ? AND part_key = ? AND lvl = ? AND entry_key = ?";

  private void bindInsert(PreparedStatement ps, byte[] partition, int level, byte[] key,
      String docId, long span, AggregateSum sum) throws SQLException {
    ps.setInt(1, id);
    ps.setBytes(2, partition);
    ps.setInt(3, level);
    ps.setBytes(4, key);
    ps.setString(5, docId);
    ps.setLong(6, span);
    ps.setString(7, sum.encode());
  }

  private void bindUpdate(PreparedStatement ps, byte[] partition, int level, byte[] key,
      long span, AggregateSum sum) throws SQLException {
    if (span < 0) {
      throw outOfStep("would hold a negative count");
    }
    ps.setLong(1, span);
    ps.setString(2, sum.encode());
    ps.setInt(3, id);
    ps.setBytes(4, partition);
    ps.setInt(5, level);
    ps.setBytes(6, key);
    ps.addBatch();
  }

  private void insert(Connection c, Change change, Reads reads) throws SQLException {
    Node[] path = walk(c, change.partition(), change.key(), reads);
    int height = height(change.docId());
    long rank = path[0].prefix() + path[0].span();
    AggregateSum before = path[0].prefixSum().plus(path[0].sum());
    try (PreparedStatement update = c.prepareStatement(UPDATE);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (int level = 0; level < LEVELS; level++) {
        Node pred = path[level];
        if (level < height) {
          long left = rank - pred.prefix();
          AggregateSum leftSum = before.plus(pred.prefixSum().negate());
          bindUpdate(update, change.partition(), level, pred.key(), left, leftSum);
          bindInsert(insert, change.partition(), level, change.key(), change.docId(),
              pred.span() - left + 1, pred.sum().plus(leftSum.negate()).plus(change.value()));
          insert.addBatch();
        } else {
          bindUpdate(update, change.partition(), level, pred.key(), pred.span() + 1,
              pred.sum().plus(change.value()));
        }
      }
      update.executeBatch();
      insert.executeBatch();
    }
  }

  private void delete(Connection c, Change change, Reads reads) throws SQLException {
    Node[] path = walk(c, change.partition(), change.key(), reads);
    long[] spans = new long[LEVELS];
    AggregateSum[] sums = new AggregateSum[LEVELS];
    int height = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT lvl, span, span_sum FROM "
        + "bc_rank_nodes WHERE agg_id = ? AND part_key = ? AND entry_key = ? ORDER BY lvl")) {
      ps.setInt(1, id);
      ps.setBytes(2, change.partition());
      ps.setBytes(3, change.key());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int level = rs.getInt(1);
          spans[level] = rs.getLong(2);
          sums[level] = AggregateSum.decode(rs.getString(3));
          height = Math.max(height, level + 1);
          reads.rows++;
        }
      }
    }
    if (height != height(change.docId())) {
      throw outOfStep("has no entry for document " + change.docId());
    }
    try (PreparedStatement update = c.prepareStatement(UPDATE)) {
      for (int level = 0; level < LEVELS; level++) {
        Node pred = path[level];
        if (level < height) {
          bindUpdate(update, change.partition(), level, pred.key(), pred.span() + spans[level] - 1,
              pred.sum().plus(sums[level]).plus(change.value().negate()));
        } else {
          bindUpdate(update, change.partition(), level, pred.key(), pred.span() - 1,
              pred.sum().plus(change.value().negate()));
        }
      }
      StoreBootstrap.exec(c, "DELETE FROM bc_rank_nodes WHERE agg_id = ? AND part_key = ? AND "
          + "entry_key = ?", id, change.partition(), change.key());
      update.executeBatch();
    }
  }

  private IllegalStateException outOfStep(String what) {
    return new IllegalStateException("Rank index " + table + "." + schema.name() + " " + what
        + ": it is out of step with the table");
  }

  // ---------------------------------------------------------------- searches

  /**
   * The last node before {@code key} on one level, with the number of entries before it
   * ({@code prefix}, the head not counted) and their sum.
   */
  private record Node(byte[] key, long span, AggregateSum sum, long prefix,
      AggregateSum prefixSum) {
  }

  /** The nodes nearest below a key read per level by the walk's one statement. */
  static final int NEAR = 16;

  private record Near(byte[] key, long span, AggregateSum sum) {
  }

  /** The walk's statement: per level, the {@value #NEAR} nodes nearest below the key. */
  private static final String NEAR_SQL = nearSql();

  private static String nearSql() {
    List<String> parts = new ArrayList<>();
    for (int level = 0; level < LEVELS; level++) {
      parts.add("(SELECT lvl, entry_key, span, span_sum FROM bc_rank_nodes WHERE agg_id = ? AND "
          + "part_key = ? AND lvl = " + level + " AND entry_key < ? ORDER BY entry_key DESC "
          + "LIMIT " + NEAR + ")");
    }
    return "SELECT lvl, entry_key, span, span_sum FROM (" + String.join(" UNION ALL ", parts)
        + ") near_nodes";
  }

  /**
   * Per level, the last node whose key is below {@code key}: a top-down walk. One statement
   * reads the {@value #NEAR} nodes nearest below the key on every level; a level where they do
   * not reach back to the node the level above stopped at (more than {@value #NEAR} nodes
   * between, rare) reads its range in one more statement.
   */
  private Node[] walk(Connection c, byte[] partition, byte[] key, Reads reads)
      throws SQLException {
    List<List<Near>> near = new ArrayList<>(LEVELS);
    for (int level = 0; level < LEVELS; level++) {
      near.add(new ArrayList<>());
    }
    try (PreparedStatement ps = c.prepareStatement(NEAR_SQL)) {
      for (int level = 0; level < LEVELS; level++) {
        ps.setInt(3 * level + 1, id);
        ps.setBytes(3 * level + 2, partition);
        ps.setBytes(3 * level + 3, key);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] nodeKey = rs.getBytes(2);
          String sum = rs.getString(4);
          near.get(rs.getInt(1)).add(new Near(nodeKey, rs.getLong(3), AggregateSum.decode(sum)));
          reads.rows++;
          reads.bytes += nodeKey.length + sum.length();
        }
      }
    }
    Node[] path = new Node[LEVELS];
    byte[] start = HEAD;
    long prefix = 0;
    AggregateSum prefixSum = AggregateSum.EMPTY;
    for (int level = LEVELS - 1; level >= 0; level--) {
      List<Near> rows = near.get(level);
      rows.sort((x, y) -> KeyEncoding.compare(x.key(), y.key()));
      if (rows.isEmpty() || KeyEncoding.compare(rows.get(0).key(), start) > 0) {
        rows = range(c, partition, level, start, key, reads);
      }
      Node last = null;
      for (Near row : rows) {
        if (KeyEncoding.compare(row.key(), start) < 0) {
          continue;
        }
        if (last != null) {
          prefix += last.span();
          prefixSum = prefixSum.plus(last.sum());
        }
        last = new Node(row.key(), row.span(), row.sum(), prefix, prefixSum);
      }
      if (last == null) {
        throw outOfStep("has no head node on level " + level);
      }
      path[level] = last;
      start = last.key();
    }
    return path;
  }

  /** The nodes of one level from {@code start} up to {@code key}, in key order. */
  private List<Near> range(Connection c, byte[] partition, int level, byte[] start, byte[] key,
      Reads reads) throws SQLException {
    List<Near> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT entry_key, span, span_sum FROM "
        + "bc_rank_nodes WHERE agg_id = ? AND part_key = ? AND lvl = ? AND entry_key >= ? AND "
        + "entry_key < ? ORDER BY entry_key")) {
      ps.setInt(1, id);
      ps.setBytes(2, partition);
      ps.setInt(3, level);
      ps.setBytes(4, start);
      ps.setBytes(5, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] nodeKey = rs.getBytes(1);
          String sum = rs.getString(3);
          rows.add(new Near(nodeKey, rs.getLong(2), AggregateSum.decode(sum)));
          reads.rows++;
          reads.bytes += nodeKey.length + sum.length();
        }
      }
    }
    return rows;
  }

  /** The number of entries of the partition whose key is below {@code key}. */
  long rank(Connection c, byte[] partition, byte[] key, Reads reads) throws SQLException {
    if (!exists(c, partition, reads)) {
      return 0;
    }
    Node[] path = walk(c, partition, key, reads);
    return path[0].prefix() + path[0].span();
  }

  /** Whether the partition has nodes (reads its top head row). */
  private boolean exists(Connection c, byte[] partition, Reads reads) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT span FROM bc_rank_nodes WHERE "
        + "agg_id = ? AND part_key = ? AND lvl = ? AND entry_key = ?")) {
      ps.setInt(1, id);
      ps.setBytes(2, partition);
      ps.setInt(3, LEVELS - 1);
      ps.setBytes(4, HEAD);
      try (ResultSet rs = ps.executeQuery()) {
        boolean exists = rs.next();
        reads.rows += exists ? 1 : 0;
        return exists;
      }
    }
  }

  /** The count and the sum of a partition: the spans of its top level. */
  Totals totals(Connection c, byte[] partition, Reads reads) throws SQLException {
    long count = 0;
    AggregateSum sum = AggregateSum.EMPTY;
    try (PreparedStatement ps = c.prepareStatement("SELECT span, span_sum FROM bc_rank_nodes "
        + "WHERE agg_id = ? AND part_key = ? AND lvl = ?")) {
      ps.setInt(1, id);
      ps.setBytes(2, partition);
      ps.setInt(3, LEVELS - 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          count += rs.getLong(1);
          String text = rs.getString(2);
          sum = sum.plus(AggregateSum.decode(text));
          reads.rows++;
          reads.bytes += text.length() + 8;
        }
      }
    }
    return new Totals(count, sum);
  }

  /**
   * The entry at {@code offset} (0 the first) of the partition, or null past its end: a
   * top-down walk by the spans.
   */
  @Nullable Entry at(Connection c, byte[] partition, long offset, Reads reads)
      throws SQLException {
    if (offset < 0) {
      return null;
    }
    byte[] start = HEAD;
    byte @Nullable [] bound = null; // the next node of the level above: where this search ends
    long prefix = 0;
    for (int level = LEVELS - 1; level >= 0; level--) {
      byte[] found = null;
      String foundId = null;
      byte[] next = bound;
      try (PreparedStatement ps = c.prepareStatement("SELECT entry_key, span, doc_id FROM "
          + "bc_rank_nodes WHERE agg_id = ? AND part_key = ? AND lvl = ? AND entry_key >= ?"
          + (bound == null ? "" : " AND entry_key < ?") + " ORDER BY entry_key")) {
        ps.setInt(1, id);
        ps.setBytes(2, partition);
        ps.setInt(3, level);
        ps.setBytes(4, start);
        if (bound != null) {
          ps.setBytes(5, bound);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byte[] nodeKey = rs.getBytes(1);
            reads.rows++;
            reads.bytes += nodeKey.length + 8;
            if (found != null) {
              if (next == bound) {
                next = nodeKey; // every row of the range is read (and counted) all the same
              }
              continue;
            }
            long span = rs.getLong(2);
            if (prefix + span > offset) {
              found = nodeKey;
              foundId = rs.getString(3);
            } else {
              prefix += span;
            }
          }
        }
      }
      if (found == null) {
        return null; // past the end of the partition
      }
      if (level == 0) {
        return new Entry(java.util.Objects.requireNonNull(foundId), found);
      }
      start = found;
      bound = next;
    }
    return null;
  }

  /** Up to {@code limit} entries from {@code key} on (after it when not {@code inclusive}). */
  List<Entry> from(Connection c, byte[] partition, byte[] key, boolean inclusive, int limit,
      Reads reads) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT entry_key, doc_id FROM bc_rank_nodes "
        + "WHERE agg_id = ? AND part_key = ? AND lvl = 0 AND entry_key " + (inclusive ? ">=" : ">")
        + " ? ORDER BY entry_key LIMIT " + limit)) {
      ps.setInt(1, id);
      ps.setBytes(2, partition);
      ps.setBytes(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] nodeKey = rs.getBytes(1);
          reads.rows++;
          reads.bytes += nodeKey.length + 8;
          if (nodeKey.length > 0) {
            entries.add(new Entry(rs.getString(2), nodeKey));
          }
        }
      }
    }
    return entries;
  }
}
