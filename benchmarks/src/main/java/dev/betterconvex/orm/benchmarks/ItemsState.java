package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A fresh database holding the same rows twice: as documents of the engine's table
 * {@code items} (index {@code by_group_score} on [group, score]) and as rows of a plain JDBC
 * table {@code plain_items} (index on (grp, score)). Each operation exists twice, once through
 * the engine and once as the minimal equivalent JDBC, in a transaction of the same isolation
 * level the engine uses (on PostgreSQL serializable for writes, read-only repeatable read for
 * reads; on H2 read committed for both, see docs/architecture.md, "Transactions").
 */
@State(Scope.Benchmark)
public class ItemsState {

  /** How many rows a range read takes ({@code take(n)} / {@code LIMIT n}). */
  public static final int RANGE_LIMIT = 20;

  /** How many distinct groups the rows spread over; each group holds rows / GROUPS rows. */
  public static final int GROUPS = 100;

  /** Scores lie in [0, MAX_SCORE). */
  public static final double MAX_SCORE = 1000.0;

  static final String ENGINE_TABLE = "items";
  static final String ENGINE_INDEX = "by_group_score";

  private static final String CREATE_PLAIN = "CREATE TABLE plain_items ("
      + "id VARCHAR(40) PRIMARY KEY, name VARCHAR(200) NOT NULL, grp BIGINT NOT NULL, "
      + "score DOUBLE PRECISION NOT NULL)";
  private static final String CREATE_PLAIN_INDEX =
      "CREATE INDEX plain_items_grp_score ON plain_items (grp, score)";
  private static final String INSERT_PLAIN =
      "INSERT INTO plain_items (id, name, grp, score) VALUES (?, ?, ?, ?)";
  private static final String SELECT_PLAIN_BY_ID =
      "SELECT name, grp, score FROM plain_items WHERE id = ?";
  private static final String SELECT_PLAIN_RANGE = "SELECT id, name, grp, score FROM plain_items "
      + "WHERE grp = ? AND score >= ? AND score < ? ORDER BY score LIMIT ?";

  /** The database: {@code H2} (in memory) or {@code PostgreSQL} (embedded server). */
  @Param({"H2", "PostgreSQL"})
  public String database;

  /** How many rows are preloaded before measuring. */
  @Param({"10000"})
  public int rows;

  private BenchmarkDatabase db;
  private ConvexEngine engine;
  private String[] ids;
  private final AtomicLong inserted = new AtomicLong();

  /** Starts the database, builds the engine and loads {@link #rows} rows both ways. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    db = BenchmarkDatabase.start(database);
    engine = ConvexEngine.builder(db.dataSource(), schema()).build();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(CREATE_PLAIN);
      s.execute(CREATE_PLAIN_INDEX);
    }
    ids = new String[rows];
    int batch = 500;
    for (int from = 0; from < rows; from += batch) {
      int start = from;
      int end = Math.min(rows, from + batch);
      List<String> created = engine.mutation(tx -> {
        List<String> out = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
          out.add(tx.insert(ENGINE_TABLE, fields(name(i), group(i), score(i))));
        }
        return out;
      });
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement(INSERT_PLAIN)) {
        c.setAutoCommit(false);
        for (int i = start; i < end; i++) {
          String id = created.get(i - start);
          ids[i] = id;
          bindPlain(ps, id, name(i), group(i), score(i));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      }
    }
    // Fresh statistics for both layouts, so neither plan depends on when autovacuum runs.
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  /** Drops the database. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  /** The engine's schema: one table, one compound index. */
  static Schema schema() {
    return Schema.builder()
        .table(ENGINE_TABLE, t -> {
          t.field("name", FieldType.string()).notNull();
          t.field("group", FieldType.int64()).notNull();
          t.field("score", FieldType.float64()).notNull();
          t.index(ENGINE_INDEX, "group", "score");
        })
        .build();
  }

  // The preloaded rows: row i is in group i % GROUPS; its score is a permutation of
  // 0, 0.1, ..., so scores are distinct and index order is the same with or without the
  // engine's tie-breakers (_creationTime, _id).

  static String name(long i) {
    return "item-" + i;
  }

  static long group(long i) {
    return i % GROUPS;
  }

  double score(long i) {
    return (i * 7919L % rows) * (MAX_SCORE / rows);
  }

  /** Returns the id of preloaded row {@code i} (the same in both layouts). */
  public String id(int i) {
    return ids[i];
  }

  /** Returns the number of the next new row, a counter shared by both variants. */
  long nextInsert() {
    return inserted.incrementAndGet();
  }

  public ConvexEngine engine() {
    return engine;
  }

  // ---- the engine ----

  /** Inserts one document in its own mutation. */
  public String engineInsert(String name, long group, double score) {
    return engine.mutation(tx -> tx.insert(ENGINE_TABLE, fields(name, group, score)));
  }

  /** Reads one document by id in its own query. */
  public Optional<Document> engineGet(String id) {
    return engine.query(tx -> tx.get(id));
  }

  /** Reads the first {@link #RANGE_LIMIT} documents of {@code group} with score in [from, to). */
  public List<Document> engineRange(long group, double from, double to) {
    return engine.query(tx -> tx.query(ENGINE_TABLE)
        .withIndex(ENGINE_INDEX, r -> r.eq("group", group).gte("score", from).lt("score", to))
        .take(RANGE_LIMIT));
  }

  private static Map<String, Object> fields(String name, long group, double score) {
    return Map.of("name", name, "group", group, "score", score);
  }

  // ---- plain JDBC: the minimal equivalent SQL, one transaction per operation ----
  // A connection returned to HikariCP uncommitted is rolled back, and its auto-commit,
  // isolation and read-only flags are reset, exactly as for the engine's connections.

  /** Inserts one row in its own serializable transaction. */
  public String jdbcInsert(String name, long group, double score) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Connection c = db.dataSource().getConnection()) {
      c.setTransactionIsolation(isolation(false));
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT_PLAIN)) {
        bindPlain(ps, id, name, group, score);
        ps.executeUpdate();
      }
      c.commit();
    }
    return id;
  }

  /** Reads one row by id in its own read-only repeatable-read transaction. */
  public Optional<Item> jdbcGet(String id) throws SQLException {
    try (Connection c = readTransaction()) {
      Item item = null;
      try (PreparedStatement ps = c.prepareStatement(SELECT_PLAIN_BY_ID)) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            item = new Item(id, rs.getString(1), rs.getLong(2), rs.getDouble(3));
          }
        }
      }
      c.commit();
      return Optional.ofNullable(item);
    }
  }

  /** Reads the first {@link #RANGE_LIMIT} rows of {@code group} with score in [from, to). */
  public List<Item> jdbcRange(long group, double from, double to) throws SQLException {
    try (Connection c = readTransaction()) {
      List<Item> items = new ArrayList<>(RANGE_LIMIT);
      try (PreparedStatement ps = c.prepareStatement(SELECT_PLAIN_RANGE)) {
        ps.setLong(1, group);
        ps.setDouble(2, from);
        ps.setDouble(3, to);
        ps.setInt(4, RANGE_LIMIT);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(new Item(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4)));
          }
        }
      }
      c.commit();
      return items;
    }
  }

  /** The isolation level of the engine's own transactions on this database. */
  private int isolation(boolean read) {
    if ("H2".equals(database)) {
      return Connection.TRANSACTION_READ_COMMITTED;
    }
    return read ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE;
  }

  private Connection readTransaction() throws SQLException {
    Connection c = db.dataSource().getConnection();
    try {
      c.setReadOnly(true);
      c.setTransactionIsolation(isolation(true));
      c.setAutoCommit(false);
      return c;
    }
    catch (SQLException ex) {
      c.close();
      throw ex;
    }
  }

  private static void bindPlain(PreparedStatement ps, String id, String name, long group,
      double score) throws SQLException {
    ps.setString(1, id);
    ps.setString(2, name);
    ps.setLong(3, group);
    ps.setDouble(4, score);
  }
}
