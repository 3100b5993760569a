package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.RankQuery;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 16's rank figures: {@code indexOf} of one row in a leaderboard partition of
 * {@code rows} rows answered from a rank index, beside SQL {@code COUNT(*) WHERE score > ?}
 * over a B-tree index on {@code (game, score)} of a plain table with the same rows; and one
 * insert into a table with the rank index against the same table without it. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar Rank}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RankBenchmarks {

  static final Schema SCHEMA = Schema.builder()
      .table("scores", t -> {
        t.field("game", FieldType.string()).notNull();
        t.field("score", FieldType.int64()).notNull();
        t.rankIndex("lb").partitionBy("game").orderBy("score", Direction.DESC);
      })
      .table("scores_plain", t -> {
        t.field("game", FieldType.string()).notNull();
        t.field("score", FieldType.int64()).notNull();
      })
      .build();

  /** One database with the leaderboard loaded. */
  @State(Scope.Benchmark)
  public static class Data {

    @Param({"H2"})
    public String database;

    @Param({"100000"})
    public int rows;

    BenchmarkDatabase db;
    ConvexEngine engine;
    ConvexOrm orm;
    ConvexMutations mutations;
    String probe;
    long probeScore;
    final AtomicLong inserted = new AtomicLong();

    @Setup(Level.Trial)
    public void load() throws SQLException {
      db = BenchmarkDatabase.start(database);
      engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
      orm = new ConvexOrm(engine);
      mutations = new ConvexMutations(orm);
      long start = System.nanoTime();
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        batch.add(Map.of("game", "g0", "score", score(i)));
        if (batch.size() == 1_000 || i == rows - 1) {
          mutations.insert("scores").values(batch).execute();
          batch.clear();
        }
      }
      System.out.println("[" + database + "] loaded " + rows + " rows into the rank index in "
          + (System.nanoTime() - start) / 1_000_000 + " ms");
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE plain_scores (game VARCHAR(40) NOT NULL, score BIGINT NOT NULL)");
        s.execute("CREATE INDEX plain_scores_game ON plain_scores (game, score)");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO plain_scores (game, score) VALUES (?, ?)")) {
          for (int i = 0; i < rows; i++) {
            ps.setString(1, "g0");
            ps.setLong(2, score(i));
            ps.addBatch();
            if (i % 1_000 == 999) {
              ps.executeBatch();
            }
          }
          ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        s.execute(database.equals("H2") ? "ANALYZE" : "ANALYZE plain_scores");
      }
      RankQuery<Document> lb = orm.query("scores").where(eq("game", "g0")).rank("lb");
      Document middle = lb.at(rows / 2).orElseThrow();
      probe = middle.id();
      probeScore = (Long) middle.getJava("score");
      long before = engine.statistics().documentsRead();
      long rank = lb.indexOf(probe).orElseThrow();
      long read = engine.statistics().documentsRead() - before;
      System.out.println("[" + database + "] indexOf = " + rank + ", " + read + " row(s) read "
          + "(index nodes and the row); SQL COUNT(*) walks about " + rank + " index entries");
    }

    private static long score(int i) {
      return (long) i * 7_919 % 1_000_003;
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  @Benchmark
  public long indexOfFromRankIndex(Data data) {
    return data.orm.query("scores").where(eq("game", "g0")).rank("lb").indexOf(data.probe)
        .orElseThrow();
  }

  @Benchmark
  public long sqlCountGreaterOverBtree(Data data) throws SQLException {
    try (Connection c = data.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM plain_scores WHERE game = ? AND score > ?")) {
      ps.setString(1, "g0");
      ps.setLong(2, data.probeScore);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** One ORM insert into a table with the rank index (one of 16 small partitions). */
  @Benchmark
  public Object insertWithRankIndex(Data data) {
    return data.mutations.insert("scores").values(Map.of("game", "w" + data.inserted
        .incrementAndGet() % 16, "score", data.inserted.get() % 1_000)).execute();
  }

  /** The same insert into the same table without a rank index. */
  @Benchmark
  public Object insertWithoutRankIndex(Data data) {
    return data.mutations.insert("scores_plain").values(Map.of("game", "w" + data.inserted
        .incrementAndGet() % 16, "score", data.inserted.get() % 1_000)).execute();
  }
}
