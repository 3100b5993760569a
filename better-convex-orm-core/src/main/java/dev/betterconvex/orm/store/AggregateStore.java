package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.AggregateIndexSchema;
import dev.betterconvex.orm.schema.RankIndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import dev.betterconvex.orm.value.ValueOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The storage of aggregate indexes: their bookkeeping ({@code bc_aggregates}: id, table,
 * definition, {@link IndexState}, backfill progress), one bucket row per index and value tuple
 * of its {@code on} fields ({@code bc_agg_buckets}: the row count and the exact sums), and one
 * ordered entry per index, {@code min}/{@code max} field and row with a value
 * ({@code bc_agg_entries}, key {@code (on values..., value, _id)}), so the extremes of a bucket
 * (or of every bucket under a prefix) are the first and last entry of a key range and stay exact
 * when rows are deleted. Every key is the order-preserving {@link KeyEncoding} of its tuple.
 *
 * <p>Nothing is held in memory but the definitions and which indexes are known to be ready:
 * every write updates the rows of its buckets inside its own transaction ({@link #write}), so
 * the figures are exact with any number of application instances.
 */
final class AggregateStore {

  static final int BATCH = 500;

  private static final Log logger = LogFactory.getLog(AggregateStore.class);

  /** Above every encoded key: every encoded value starts with a tag below {@code 0xFF}. */
  private static final byte[] ABOVE_ALL = {(byte) 0xFF};

  /**
   * One aggregate index this engine maintains: one the schema declares (read by queries), or one
   * another build declares ({@code declared} false: maintained by every write, never read). A
   * rank index is registered and built the same way: {@code rank} is its storage, and
   * {@code schema} names it (its {@code on} fields are the partition fields).
   */
  record Info(int id, String table, AggregateIndexSchema schema, boolean declared,
      @Nullable RankTree rank) {

    Info(int id, String table, AggregateIndexSchema schema, boolean declared) {
      this(id, table, schema, declared, null);
    }

    /** The info of a rank index. */
    static Info rank(int id, String table, RankIndexSchema rank, boolean declared) {
      return new Info(id, table, new AggregateIndexSchema(rank.name(), rank.partitionBy(),
          List.of(), List.of(), List.of()), declared, new RankTree(id, table, rank));
    }

    String kind() {
      return rank == null ? "aggregate index" : "rank index";
    }
  }

  /** A declared index of either kind, before it has an id. */
  private record Declared(String name, String definition,
      java.util.function.IntFunction<Info> info) {
  }

  private final SqlDialect dialect;
  private volatile Map<String, List<Info>> byTable = Map.of();
  private final Set<Integer> ready = ConcurrentHashMap.newKeySet();

  AggregateStore(SqlDialect dialect) {
    this.dialect = dialect;
  }

  static List<String> createTables(SqlDialect dialect) {
    String binary = dialect.binaryType();
    return List.of(
        "CREATE TABLE IF NOT EXISTS bc_aggregates (agg_id INTEGER PRIMARY KEY, "
            + "table_number INTEGER NOT NULL, agg_name VARCHAR(64) NOT NULL, "
            + "agg_definition VARCHAR(4000) NOT NULL, agg_state VARCHAR(16) NOT NULL, "
            + "backfill_after VARCHAR(40), UNIQUE (table_number, agg_name))",
        "CREATE TABLE IF NOT EXISTS bc_agg_buckets (agg_id INTEGER NOT NULL, bucket_key "
            + binary + " NOT NULL, row_count BIGINT NOT NULL, sums VARCHAR(1000000) NOT NULL, "
            + "PRIMARY KEY (agg_id, bucket_key))",
        "CREATE TABLE IF NOT EXISTS bc_agg_entries (agg_id INTEGER NOT NULL, field_no INTEGER "
            + "NOT NULL, entry_key " + binary + " NOT NULL, "
            + "PRIMARY KEY (agg_id, field_no, entry_key))",
        RankTree.createTable(dialect));
  }

  /** The aggregate indexes of {@code table} this engine maintains. */
  List<Info> of(String table) {
    return byTable.getOrDefault(table, List.of());
  }

  // ---------------------------------------------------------------- bootstrap

  private record Stored(int id, String name, String definition) {
  }

  /**
   * Registers the aggregate indexes of every table inside the bootstrap transaction: an index
   * with the stored definition keeps its id; a new or changed one gets a new id, {@code READY}
   * when its table has no rows, else {@code BUILDING}; one the schema does not declare (another
   * build's) is kept and maintained by every write, and dropped with its rows only when
   * {@code dropUndeclared}.
   *
   * @param numbers the number of every schema table
   */
  void reconcile(Connection c, List<TableSchema> tables, Map<String, Integer> numbers,
      boolean upgrade, boolean dropUndeclared) throws SQLException {
    Map<Integer, Map<String, Stored>> stored = new HashMap<>();
    int maxId = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT agg_id, table_number, agg_name, agg_definition FROM bc_aggregates");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        stored.computeIfAbsent(rs.getInt(2), k -> new HashMap<>())
            .put(rs.getString(3), new Stored(rs.getInt(1), rs.getString(3), rs.getString(4)));
        maxId = Math.max(maxId, rs.getInt(1));
      }
    }
    String last = RegistryLoader.readMeta(c, "last_aggregate_id");
    maxId = Math.max(maxId, last == null ? 0 : Integer.parseInt(last));
    int given = maxId;
    Map<String, List<Info>> result = new LinkedHashMap<>();
    for (TableSchema table : tables) {
      int number = java.util.Objects.requireNonNull(numbers.get(table.name()), table.name());
      Map<String, Stored> have = new HashMap<>(stored.getOrDefault(number, Map.of()));
      List<Info> infos = new ArrayList<>();
      Boolean empty = null;
      List<Declared> declared = new ArrayList<>();
      for (AggregateIndexSchema index : table.aggregateIndexes()) {
        declared.add(new Declared(index.name(), index.definition(),
            id -> new Info(id, table.name(), index, true)));
      }
      for (RankIndexSchema index : table.rankIndexes()) {
        declared.add(new Declared(index.name(), index.definition(),
            id -> Info.rank(id, table.name(), index, true)));
      }
      for (Declared index : declared) {
        Stored current = have.remove(index.name());
        if (current != null && current.definition().equals(index.definition())) {
          infos.add(index.info().apply(current.id()));
          continue;
        }
        String kind = index.info().apply(0).kind();
        if (!upgrade) {
          throw new BootstrapException("The database does not match the schema: " + kind + " "
              + table.name() + "." + index.name() + (current == null ? " does not exist"
              : " has another definition (" + current.definition() + ")")
              + " (bootstrap mode VALIDATE changes nothing; use CREATE_OR_UPGRADE)", true, null);
        }
        if (current != null) {
          drop(c, current.id());
        }
        if (empty == null) {
          empty = isEmpty(c, PhysicalTable.nameOf(number));
        }
        int id = ++maxId;
        IndexState state = empty ? IndexState.READY : IndexState.BUILDING;
        StoreBootstrap.exec(c, "INSERT INTO bc_aggregates (agg_id, table_number, agg_name, "
            + "agg_definition, agg_state) VALUES (?, ?, ?, ?, ?)", id, number, index.name(),
            index.definition(), state.name());
        logger.info("Registered " + kind + " " + table.name() + "." + index.name() + " ("
            + state + ")");
        infos.add(index.info().apply(id));
      }
      for (Stored stale : have.values()) {
        if (upgrade && dropUndeclared) {
          drop(c, stale.id());
          logger.info("Dropped aggregate index " + table.name() + "." + stale.name()
              + ", which the schema does not declare");
          continue;
        }
        // Another build declares it (a rolling deploy): keep it exact by maintaining it too.
        infos.add(RankIndexSchema.isDefinition(stale.definition())
            ? Info.rank(stale.id(), table.name(),
                RankIndexSchema.fromDefinition(stale.name(), stale.definition()), false)
            : new Info(stale.id(), table.name(),
                AggregateIndexSchema.fromDefinition(stale.name(), stale.definition()), false));
        logger.info("Keeping aggregate index " + table.name() + "." + stale.name() + " ("
            + stale.definition() + "), which the schema does not declare: every write "
            + "maintains it");
      }
      result.put(table.name(), List.copyOf(infos));
    }
    if (maxId != given) {
      StoreBootstrap.exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", "last_aggregate_id");
      StoreBootstrap.exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)",
          "last_aggregate_id", Integer.toString(maxId));
    }
    byTable = Map.copyOf(result);
  }

  private boolean isEmpty(Connection c, String physical) throws SQLException {
    if (!dialect.tableExists(c, physical)) {
      return true;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + physical + " LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return !rs.next();
    }
  }

  private static void drop(Connection c, int id) throws SQLException {
    StoreBootstrap.exec(c, "DELETE FROM bc_agg_buckets WHERE agg_id = ?", id);
    StoreBootstrap.exec(c, "DELETE FROM bc_agg_entries WHERE agg_id = ?", id);
    StoreBootstrap.exec(c, "DELETE FROM bc_rank_nodes WHERE agg_id = ?", id);
    StoreBootstrap.exec(c, "DELETE FROM bc_aggregates WHERE agg_id = ?", id);
  }

  /**
   * Builds every {@code BUILDING} aggregate index in batches of {@value #BATCH} documents in id
   * order, each batch one serializable transaction (on H2, under the writer lock the bootstrap
   * holds): it reads the progress, the next documents, adds them to the buckets and moves the
   * progress. A write of a document at or before the progress maintains the index itself; one
   * after it is left to the build, which reads it later. When no document is left, the index is
   * {@code READY}. Returns false when {@code afterBatch} stopped a build.
   */
  boolean backfill(Connection c, JdbcDocumentStore store, TableRegistry registry,
      Predicate<String> afterBatch) throws SQLException {
    boolean complete = true;
    c.commit(); // the isolation can only change between transactions
    int isolation = c.getTransactionIsolation();
    c.setTransactionIsolation(dialect.mutationIsolation() == Connection.TRANSACTION_READ_COMMITTED
        ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE);
    try {
      for (List<Info> infos : byTable.values()) {
        for (Info info : infos) {
          complete &= build(c, store, registry.table(info.table()).physical(), info, afterBatch);
        }
      }
    }
    finally {
      c.setTransactionIsolation(isolation);
    }
    return complete;
  }

  private boolean build(Connection c, JdbcDocumentStore store, PhysicalTable table, Info info,
      Predicate<String> afterBatch) throws SQLException {
    int filled = 0;
    int conflicts = 0;
    while (true) {
      try {
        int added = buildBatch(c, store, table, info);
        c.commit();
        if (added < 0) {
          if (added != ABSENT) {
            ready.add(info.id());
          }
          if (added == FINISHED) {
            logger.info("Built " + info.kind() + " " + info.table() + "." + info.schema().name()
                + " (" + filled + " documents added by this process)");
          }
          return true;
        }
        filled += added;
      }
      catch (SQLException ex) {
        c.rollback();
        if (!dialect.isSerializationFailure(ex) || ++conflicts > 100) {
          throw ex;
        }
        continue;
      }
      if (!afterBatch.test(info.schema().name())) {
        logger.info("Stopped building " + info.kind() + " " + info.table() + "."
            + info.schema().name() + " after " + filled + " documents");
        return false;
      }
    }
  }

  private record Progress(IndexState state, @Nullable String after) {
  }

  private static @Nullable Progress progress(Connection c, int id, boolean lock)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT agg_state, backfill_after FROM "
        + "bc_aggregates WHERE agg_id = ?" + (lock ? " FOR UPDATE" : ""))) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Progress(IndexState.valueOf(rs.getString(1)), rs.getString(2))
            : null;
      }
    }
  }

  private static InvalidIndexRangeException dropped(Info info) {
    return new InvalidIndexRangeException(info.kind().substring(0, 1).toUpperCase(
        java.util.Locale.ROOT) + info.kind().substring(1) + " " + info.table() + "."
        + info.schema().name() + " is declared, but the database holds no " + info.kind()
        + " with its definition (another build dropped or changed it; restart this build)");
  }

  /** The state of an aggregate index as the current transaction sees it. */
  IndexState state(Connection c, Info info) throws SQLException {
    if (ready.contains(info.id())) {
      return IndexState.READY;
    }
    return readState(c, info);
  }

  /** The state of an index as its row in the current transaction says. */
  private IndexState readState(Connection c, Info info) throws SQLException {
    Progress progress = progress(c, info.id(), false);
    if (progress == null) {
      throw dropped(info);
    }
    if (progress.state() == IndexState.READY) {
      ready.add(info.id());
    }
    return progress.state();
  }

  /**
   * Fails unless the index is {@code READY} as the current transaction sees it, reading its row
   * every time: a rank read has no row of its own that would say the index is gone.
   */
  void requireReadable(Connection c, Info info) throws SQLException {
    if (readState(c, info) != IndexState.READY) {
      throw new IndexNotReadyException(info.table(), info.schema().name());
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Maintains every aggregate index of {@code table} for one write: {@code removed} are the
   * documents as they were before it (updated or deleted), {@code added} as they are after it
   * (inserted or updated). One call per write site of the store; it runs in the write's
   * transaction, so the buckets commit or roll back with the documents.
   */
  void write(Connection c, String table, List<Document> removed, List<Document> added)
      throws SQLException {
    for (Info info : of(table)) {
      if (ready.contains(info.id())) {
        apply(c, info, removed, added);
        continue;
      }
      Progress progress = progress(c, info.id(), false);
      if (progress == null) {
        continue; // dropped by another build: nothing reads it any more
      }
      if (progress.state() == IndexState.READY) {
        ready.add(info.id());
        apply(c, info, removed, added);
        continue;
      }
      // Building: the build adds documents after its progress itself.
      String after = progress.after();
      Predicate<Document> built = doc -> after != null && doc.id().compareTo(after) <= 0;
      apply(c, info, removed.stream().filter(built).toList(), added.stream().filter(built)
          .toList());
    }
  }

  private static final class Delta {
    long count;
    final AggregateSum[] sums;

    Delta(int sums) {
      this.sums = new AggregateSum[sums];
      Arrays.fill(this.sums, AggregateSum.EMPTY);
    }

    boolean isZero() {
      if (count != 0) {
        return false;
      }
      for (AggregateSum sum : sums) {
        if (sum.values() != 0 || sum.nonFinite() || sum.finite().signum() != 0) {
          return false;
        }
      }
      return true;
    }
  }

  private void apply(Connection c, Info info, List<Document> removed, List<Document> added)
      throws SQLException {
    if (removed.isEmpty() && added.isEmpty()) {
      return;
    }
    if (info.rank() != null) {
      info.rank().apply(c, removed, added);
      return;
    }
    AggregateIndexSchema schema = info.schema();
    List<String> ordered = schema.orderedFields();
    // Sorted by key, so that concurrent writers lock buckets in one order.
    TreeMap<String, Delta> deltas = new TreeMap<>();
    Map<String, Integer> entryChanges = new TreeMap<>();
    for (int pass = 0; pass < 2; pass++) {
      List<Document> docs = pass == 0 ? removed : added;
      int sign = pass == 0 ? -1 : 1;
      for (Document doc : docs) {
        List<@Nullable ConvexValue> on = new ArrayList<>(schema.on().size());
        for (String field : schema.on()) {
          on.add(doc.get(field));
        }
        byte[] bucket = checked(KeyEncoding.encodeTuple(on), info, doc);
        Delta delta = deltas.computeIfAbsent(HexFormat.of().formatHex(bucket),
            k -> new Delta(schema.sum().size()));
        delta.count += sign;
        for (int i = 0; i < schema.sum().size(); i++) {
          AggregateSum value = AggregateSum.of(doc.get(schema.sum().get(i)));
          delta.sums[i] = delta.sums[i].plus(sign < 0 ? value.negate() : value);
        }
        for (int f = 0; f < ordered.size(); f++) {
          ConvexValue value = doc.get(ordered.get(f));
          if (value == null || value instanceof dev.betterconvex.orm.value.ConvexNull) {
            continue;
          }
          List<@Nullable ConvexValue> entry = new ArrayList<>(on);
          entry.add(value);
          entry.add(new ConvexString(doc.id()));
          String key = f + "/" + HexFormat.of().formatHex(
              checked(KeyEncoding.encodeTuple(entry), info, doc));
          entryChanges.merge(key, sign, Integer::sum);
        }
      }
    }
    for (Map.Entry<String, Delta> e : deltas.entrySet()) {
      if (!e.getValue().isZero()) {
        applyBucket(c, info, HexFormat.of().parseHex(e.getKey()), e.getValue());
      }
    }
    List<Map.Entry<String, Integer>> changes = entryChanges.entrySet().stream()
        .filter(e -> e.getValue() != 0).toList();
    if (!changes.isEmpty()) {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM bc_agg_entries WHERE "
          + "agg_id = ? AND field_no = ? AND entry_key = ?");
          PreparedStatement insert = c.prepareStatement("INSERT INTO bc_agg_entries (agg_id, "
              + "field_no, entry_key) VALUES (?, ?, ?)")) {
        boolean deletes = false;
        boolean inserts = false;
        for (Map.Entry<String, Integer> change : changes) {
          int slash = change.getKey().indexOf('/');
          PreparedStatement ps = change.getValue() < 0 ? delete : insert;
          ps.setInt(1, info.id());
          ps.setInt(2, Integer.parseInt(change.getKey().substring(0, slash)));
          ps.setBytes(3, HexFormat.of().parseHex(change.getKey().substring(slash + 1)));
          ps.addBatch();
          deletes |= ps == delete;
          inserts |= ps == insert;
        }
        if (deletes) {
          delete.executeBatch();
        }
        if (inserts) {
          insert.executeBatch();
        }
      }
    }
  }

  private static byte[] checked(byte[] key, Info info, Document doc) {
    if (key.length > JdbcDocumentStore.MAX_KEY_BYTES) {
      throw new InvalidDocumentException("Aggregate key of document " + doc.id()
          + " in aggregate index " + info.table() + "." + info.schema().name() + " is "
          + key.length + " bytes; the limit is " + JdbcDocumentStore.MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** Reads (locking) one bucket, adds the delta, and writes it back, or removes it when empty. */
  private static void applyBucket(Connection c, Info info, byte[] key, Delta delta)
      throws SQLException {
    long count = 0;
    AggregateSum[] sums = new AggregateSum[delta.sums.length];
    Arrays.fill(sums, AggregateSum.EMPTY);
    boolean exists = false;
    try (PreparedStatement ps = c.prepareStatement("SELECT row_count, sums FROM bc_agg_buckets "
        + "WHERE agg_id = ? AND bucket_key = ? FOR UPDATE")) {
      ps.setInt(1, info.id());
      ps.setBytes(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          exists = true;
          count = rs.getLong(1);
          sums = decodeSums(rs.getString(2), delta.sums.length);
        }
      }
    }
    count += delta.count;
    for (int i = 0; i < sums.length; i++) {
      sums[i] = sums[i].plus(delta.sums[i]);
    }
    if (count < 0) {
      throw new IllegalStateException("Aggregate index " + info.table() + "."
          + info.schema().name() + " would count " + count + " rows in a bucket: it is out of "
          + "step with the table");
    }
    if (count == 0) {
      if (exists) {
        StoreBootstrap.exec(c, "DELETE FROM bc_agg_buckets WHERE agg_id = ? AND bucket_key = ?",
            info.id(), key);
      }
      return;
    }
    String encoded = encodeSums(sums);
    if (exists) {
      StoreBootstrap.exec(c, "UPDATE bc_agg_buckets SET row_count = ?, sums = ? WHERE agg_id = ? "
          + "AND bucket_key = ?", count, encoded, info.id(), key);
    } else {
      StoreBootstrap.exec(c, "INSERT INTO bc_agg_buckets (agg_id, bucket_key, row_count, sums) "
          + "VALUES (?, ?, ?, ?)", info.id(), key, count, encoded);
    }
  }

  private static String encodeSums(AggregateSum[] sums) {
    List<String> parts = new ArrayList<>(sums.length);
    for (AggregateSum sum : sums) {
      parts.add(sum.encode());
    }
    return String.join(";", parts);
  }

  private static AggregateSum[] decodeSums(String text, int n) {
    AggregateSum[] sums = new AggregateSum[n];
    String[] parts = text.isEmpty() ? new String[0] : text.split(";", -1);
    for (int i = 0; i < n; i++) {
      sums[i] = i < parts.length ? AggregateSum.decode(parts[i]) : AggregateSum.EMPTY;
    }
    return sums;
  }

  // ---------------------------------------------------------------- rebuild

  /** The buckets of an index as stored (hex key to count and sums), and its entry count. */
  record Snapshot(Map<String, Bucket> buckets, long entries) {
  }

  record Bucket(long count, List<AggregateSum> sums) {

    boolean sameAs(Bucket other) {
      if (count != other.count || sums.size() != other.sums.size()) {
        return false;
      }
      for (int i = 0; i < sums.size(); i++) {
        AggregateSum a = sums.get(i);
        AggregateSum b = other.sums.get(i);
        if (a.values() != b.values() || a.finite().compareTo(b.finite()) != 0 || a.nan() != b.nan()
            || a.positiveInfinity() != b.positiveInfinity()
            || a.negativeInfinity() != b.negativeInfinity()) {
          return false;
        }
      }
      return true;
    }
  }

  /** The buckets and the entry count of {@code info} as the transaction sees them. */
  Snapshot snapshot(Connection c, Info info) throws SQLException {
    if (info.rank() != null) {
      return rankSnapshot(c, info);
    }
    Map<String, Bucket> buckets = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT bucket_key, row_count, sums FROM "
        + "bc_agg_buckets WHERE agg_id = ?")) {
      ps.setInt(1, info.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          buckets.put(HexFormat.of().formatHex(rs.getBytes(1)), new Bucket(rs.getLong(2),
              List.of(decodeSums(rs.getString(3), info.schema().sum().size()))));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bc_agg_entries WHERE "
        + "agg_id = ?")) {
      ps.setInt(1, info.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Snapshot(buckets, rs.getLong(1));
      }
    }
  }

  /**
   * The snapshot of a rank index: per partition (a "bucket") its rows, the nodes of level 0 but
   * the head; the node rows of every level in place of the min/max entries.
   */
  private static Snapshot rankSnapshot(Connection c, Info info) throws SQLException {
    Map<String, Bucket> partitions = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT part_key, COUNT(*) FROM bc_rank_nodes "
        + "WHERE agg_id = ? AND lvl = 0 AND doc_id <> '' GROUP BY part_key")) {
      ps.setInt(1, info.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          partitions.put(HexFormat.of().formatHex(rs.getBytes(1)),
              new Bucket(rs.getLong(2), List.of()));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bc_rank_nodes WHERE "
        + "agg_id = ?")) {
      ps.setInt(1, info.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Snapshot(partitions, rs.getLong(1));
      }
    }
  }

  /**
   * Starts a rebuild in the current transaction: takes the snapshot, deletes the buckets and
   * entries, and marks the index {@code BUILDING} from the first document, so that reads fail
   * and writes leave every document to the build until it passes it.
   */
  Snapshot startRebuild(Connection c, Info info) throws SQLException {
    ready.remove(info.id());
    if (progress(c, info.id(), true) == null) {
      throw dropped(info);
    }
    Snapshot before = snapshot(c, info);
    for (String structure : info.rank() != null ? List.of("bc_rank_nodes")
        : List.of("bc_agg_buckets", "bc_agg_entries")) {
      StoreBootstrap.exec(c, "DELETE FROM " + structure + " WHERE agg_id = ?", info.id());
    }
    StoreBootstrap.exec(c, "UPDATE bc_aggregates SET agg_state = ?, backfill_after = NULL WHERE "
        + "agg_id = ?", IndexState.BUILDING.name(), info.id());
    // Again: a read of this engine may have seen the row READY meanwhile.
    ready.remove(info.id());
    return before;
  }

  /** {@link #buildBatch}: no document was left, the index is now {@code READY}. */
  static final int FINISHED = -1;
  /** {@link #buildBatch}: the index is not registered (another build dropped it). */
  static final int ABSENT = -2;
  /** {@link #buildBatch}: the index was {@code READY} already. */
  static final int WAS_READY = -3;

  /**
   * Adds the next {@value #BATCH} documents after the progress to a building index in the
   * current transaction and moves the progress; returns how many, or {@link #FINISHED} (none was
   * left: the index is now {@code READY}; call {@link #knownReady} once that commits),
   * {@link #ABSENT} or {@link #WAS_READY}.
   */
  int buildBatch(Connection c, JdbcDocumentStore store, PhysicalTable table, Info info)
      throws SQLException {
    Progress progress = progress(c, info.id(), true);
    if (progress == null) {
      return ABSENT;
    }
    if (progress.state() == IndexState.READY) {
      return WAS_READY;
    }
    List<Document> batch = store.readForBackfill(c, table, progress.after(), null, BATCH, true);
    if (batch.isEmpty()) {
      StoreBootstrap.exec(c, "UPDATE bc_aggregates SET agg_state = ?, backfill_after = NULL "
          + "WHERE agg_id = ?", IndexState.READY.name(), info.id());
      return FINISHED;
    }
    apply(c, info, List.of(), batch);
    StoreBootstrap.exec(c, "UPDATE bc_aggregates SET backfill_after = ? WHERE agg_id = ?",
        batch.get(batch.size() - 1).id(), info.id());
    return batch.size();
  }

  /** Records that {@code info} is ready (after the transaction that made it so committed). */
  void knownReady(Info info) {
    ready.add(info.id());
  }

  // ---------------------------------------------------------------- reads

  /** The aggregate index {@code name} of {@code table}, or a failure naming what exists. */
  Info info(String table, String name) {
    return info(table, name, false);
  }

  /** The rank index {@code name} of {@code table}, or a failure naming what exists. */
  Info rankInfo(String table, String name) {
    return info(table, name, true);
  }

  private Info info(String table, String name, boolean rank) {
    for (Info info : of(table)) {
      if (info.declared() && (info.rank() != null) == rank
          && info.schema().name().equals(name)) {
        return info;
      }
    }
    String kind = rank ? "Rank index " : "Aggregate index ";
    throw new InvalidIndexRangeException(kind + table + "." + name + " not found; table \""
        + table + "\" has " + kind.toLowerCase(java.util.Locale.ROOT).trim() + "es "
        + of(table).stream().filter(i -> i.declared() && (i.rank() != null) == rank)
        .map(i -> i.schema().name()).toList());
  }

  /** What a read returned, and how many rows it read. */
  record Read(AggregateValues values, int rows, long bytes) {
  }

  /**
   * Reads the buckets whose key starts with {@code prefix} (values of the first {@code on}
   * fields): one bucket row by key when the prefix names every {@code on} field, else every
   * bucket under it, and per bucket read the first (or last) entry of every {@code min} (or
   * {@code max}) field.
   */
  Read read(Connection c, Info info, List<@Nullable ConvexValue> prefix,
      java.util.Collection<String> wantedMin, java.util.Collection<String> wantedMax)
      throws SQLException {
    if (state(c, info) != IndexState.READY) {
      throw new IndexNotReadyException(info.table(), info.schema().name());
    }
    AggregateIndexSchema schema = info.schema();
    if (prefix.size() > schema.on().size()) {
      throw new IllegalArgumentException("Aggregate index " + info.table() + "." + schema.name()
          + " has " + schema.on().size() + " on fields, not " + prefix.size());
    }
    byte[] low = KeyEncoding.encodeTuple(prefix);
    byte[] high = concat(low, ABOVE_ALL);
    boolean exact = prefix.size() == schema.on().size();
    int rows = 0;
    long bytes = 0;
    long count = 0;
    AggregateSum[] sums = new AggregateSum[schema.sum().size()];
    Arrays.fill(sums, AggregateSum.EMPTY);
    List<byte[]> buckets = new ArrayList<>();
    // The buckets joined to the index's own row, in the read's transaction: an index another
    // build dropped or changed since this engine saw it READY reads no row at all and fails,
    // where its missing buckets would read as empty.
    String sql = "SELECT b.bucket_key, b.row_count, b.sums FROM bc_aggregates a LEFT JOIN "
        + "bc_agg_buckets b ON b.agg_id = a.agg_id AND "
        + (exact ? "b.bucket_key = ?" : "b.bucket_key >= ? AND b.bucket_key < ?")
        + " WHERE a.agg_id = ?";
    boolean registered = false;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      ps.setBytes(p++, low);
      if (!exact) {
        ps.setBytes(p++, high);
      }
      ps.setInt(p, info.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          registered = true;
          byte[] key = rs.getBytes(1);
          if (key == null) {
            continue; // no bucket for the prefix
          }
          rows++;
          buckets.add(key);
          count += rs.getLong(2);
          String text = rs.getString(3);
          bytes += text.length() + key.length;
          AggregateSum[] bucket = decodeSums(text, sums.length);
          for (int i = 0; i < sums.length; i++) {
            sums[i] = sums[i].plus(bucket[i]);
          }
        }
      }
    }
    if (!registered) {
      throw notRegistered(info);
    }
    Map<String, AggregateSum> sumMap = new LinkedHashMap<>();
    for (int i = 0; i < sums.length; i++) {
      sumMap.put(schema.sum().get(i), sums[i]);
    }
    // Entries are ordered by every on field, then the value: the extremes of a bucket are its
    // first and last entry, so a prefix of fewer fields reads them per bucket under it.
    Map<String, ConvexValue> min = new LinkedHashMap<>();
    Map<String, ConvexValue> max = new LinkedHashMap<>();
    List<String> ordered = schema.orderedFields();
    for (byte[] bucket : buckets) {
      byte[] bucketHigh = concat(bucket, ABOVE_ALL);
      for (int f = 0; f < ordered.size(); f++) {
        String field = ordered.get(f);
        if (schema.min().contains(field) && wantedMin.contains(field)) {
          ConvexValue v = extreme(c, info, f, bucket, bucketHigh, false);
          if (v != null) {
            rows++;
            min.merge(field, v, (a, b) -> ValueOrder.compare(a, b) <= 0 ? a : b);
          }
        }
        if (schema.max().contains(field) && wantedMax.contains(field)) {
          ConvexValue v = extreme(c, info, f, bucket, bucketHigh, true);
          if (v != null) {
            rows++;
            max.merge(field, v, (a, b) -> ValueOrder.compare(a, b) >= 0 ? a : b);
          }
        }
      }
    }
    return new Read(new AggregateValues(count, sumMap, min, max), rows, bytes);
  }

  /** The most key prefixes one statement of {@link #counts} reads. */
  private static final int COUNT_BATCH = 1_000;

  /** What {@link #counts} returned, and how many bucket rows it read. */
  record Counts(long[] counts, int rows, long bytes) {
  }

  /**
   * Reads the row counts of many key prefixes of one aggregate index, one statement per 1,000
   * prefixes: per prefix, the bucket of that key when it names every {@code on} field, else the
   * sum over the buckets under it. {@code counts[i]} is the count of {@code prefixes[i]}; every
   * prefix has the same number of values.
   */
  Counts counts(Connection c, Info info, List<List<@Nullable ConvexValue>> prefixes)
      throws SQLException {
    if (state(c, info) != IndexState.READY) {
      throw new IndexNotReadyException(info.table(), info.schema().name());
    }
    long[] counts = new long[prefixes.size()];
    int rows = 0;
    long bytes = 0;
    for (int from = 0; from < prefixes.size(); from += COUNT_BATCH) {
      List<List<@Nullable ConvexValue>> batch =
          prefixes.subList(from, Math.min(prefixes.size(), from + COUNT_BATCH));
      int on = info.schema().on().size();
      // Exact keys are one IN list of the primary key on PostgreSQL; H2 uses an IN only on the
      // key's first column (agg_id) and would read every bucket of the index, so there every key
      // is a range scan of its own, as key prefixes are on both.
      boolean exact = batch.get(0).size() == on && dialect.lateralJoins();
      // Prefixes of one length are never prefixes of each other: a bucket is under at most one.
      java.util.TreeMap<byte[], Integer> lows = new java.util.TreeMap<>(Arrays::compareUnsigned);
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i).size() > on) {
          throw new IllegalArgumentException("Aggregate index " + info.table() + "."
              + info.schema().name() + " has " + on + " on fields, not " + batch.get(i).size());
        }
        lows.put(KeyEncoding.encodeTuple(batch.get(i)), from + i);
      }
      // The index's own row first (a row with no key), in the same statement as read() joins
      // it: an index another build dropped or changed reads no row at all. Then the keys: an
      // IN list, or a UNION ALL of one range scan each (an OR of ranges reads every bucket of
      // the index on PostgreSQL).
      String sql = "(SELECT CAST(NULL AS " + dialect.binaryType() + ") AS bucket_key, "
          + "CAST(NULL AS BIGINT) AS row_count FROM bc_aggregates WHERE agg_id = ?) UNION ALL "
          + (exact ? "(SELECT bucket_key, row_count FROM bc_agg_buckets WHERE agg_id = ? AND "
          + "bucket_key IN (" + "?, ".repeat(lows.size() - 1) + "?))" : rangeUnion(lows.size()));
      boolean registered = false;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int p = 1;
        ps.setInt(p++, info.id());
        if (exact) {
          ps.setInt(p++, info.id());
        }
        for (byte[] low : lows.keySet()) {
          if (!exact) {
            ps.setInt(p++, info.id());
          }
          ps.setBytes(p++, low);
          if (!exact) {
            ps.setBytes(p++, concat(low, ABOVE_ALL));
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byte[] key = rs.getBytes(1);
            if (key == null) {
              registered = true; // the index's own row
              continue;
            }
            rows++;
            bytes += key.length + 8;
            Map.Entry<byte[], Integer> under = lows.floorEntry(key);
            if (under != null
                && Arrays.compareUnsigned(key, concat(under.getKey(), ABOVE_ALL)) < 0) {
              counts[under.getValue()] += rs.getLong(2);
            }
          }
        }
      }
      if (!registered) {
        throw notRegistered(info);
      }
    }
    return new Counts(counts, rows, bytes);
  }

  /**
   * {@code count} bucket range scans as one balanced {@code UNION ALL} (H2 recurses once per
   * level; a chain would overflow), each with the parameters agg_id, low, high.
   */
  private static String rangeUnion(int count) {
    if (count == 1) {
      return "(SELECT bucket_key, row_count FROM bc_agg_buckets WHERE agg_id = ? AND "
          + "bucket_key >= ? AND bucket_key < ?)";
    }
    int half = count >>> 1;
    return "(" + rangeUnion(half) + " UNION ALL " + rangeUnion(count - half) + ")";
  }

  /**
   * The failure of a read that found no row of the index itself: another build dropped or
   * changed it since this engine saw it READY (its missing buckets would read as empty).
   */
  private InvalidIndexRangeException notRegistered(Info info) {
    ready.remove(info.id());
    return dropped(info);
  }

  private static @Nullable ConvexValue extreme(Connection c, Info info, int field, byte[] low,
      byte[] high, boolean last) throws SQLException {
    String sql = "SELECT entry_key FROM bc_agg_entries WHERE agg_id = ? AND field_no = ? AND "
        + "entry_key >= ? AND entry_key < ? ORDER BY entry_key " + (last ? "DESC" : "ASC")
        + " LIMIT 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, info.id());
      ps.setInt(2, field);
      ps.setBytes(3, low);
      ps.setBytes(4, high);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        List<@Nullable ConvexValue> entry = KeyEncoding.decodeTuple(rs.getBytes(1));
        return entry.get(info.schema().on().size());
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
