package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.Aggregation;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Issue 16's aggregate figures: {@code count} and {@code sum} over one tenant of
 * {@value #TENANT_ROWS} rows answered from an aggregate index, beside SQL {@code COUNT(*)} and
 * {@code SUM} over a B-tree index on the tenant of a plain table with the same rows. The
 * rows each read touches are printed at setup (the engine's documents-read counter; SQL reads
 * every index entry of the tenant). The write costs are {@link AggregateWriteBenchmarks}, the
 * conflicts of concurrent writers {@link AggregateContentionBenchmarks}. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar AggregateBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AggregateBenchmarks {

  static final int TENANT_ROWS = 100_000;
  static final int OTHER_ROWS = 1_000;

  static final Schema SCHEMA = Schema.builder()
      .table("sales", t -> {
        t.field("tenant", FieldType.string()).notNull();
        t.field("amount", FieldType.int64()).notNull();
        t.index("by_tenant", "tenant");
        t.aggregateIndex("agg_tenant").on("tenant").sum("amount");
      })
      .build();

  /** One database with the rows loaded. */
  @State(Scope.Benchmark)
  public static class Data {

    @Param({"H2", "PostgreSQL"})
    public String database;

    BenchmarkDatabase db;
    ConvexEngine engine;
    ConvexOrm orm;
    ConvexMutations mutations;

    @Setup(Level.Trial)
    public void load() throws SQLException {
      db = BenchmarkDatabase.start(database);
      engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
      orm = new ConvexOrm(engine);
      mutations = new ConvexMutations(orm);
      insert("t0", TENANT_ROWS);
      insert("t1", OTHER_ROWS);
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE plain_sales (tenant VARCHAR(40) NOT NULL, amount BIGINT NOT NULL)");
        s.execute("CREATE INDEX plain_sales_tenant ON plain_sales (tenant, amount)");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO plain_sales (tenant, amount) VALUES (?, ?)")) {
          for (int i = 0; i < TENANT_ROWS + OTHER_ROWS; i++) {
            ps.setString(1, i < TENANT_ROWS ? "t0" : "t1");
            ps.setLong(2, i % 100);
            ps.addBatch();
            if (i % 1_000 == 999) {
              ps.executeBatch();
            }
          }
          ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        s.execute(database.equals("H2") ? "ANALYZE" : "ANALYZE plain_sales");
      }
      long before = engine.statistics().documentsRead();
      long count = orm.query("sales").where(eq("tenant", "t0")).count();
      long read = engine.statistics().documentsRead() - before;
      System.out.println("[" + database + "] count of t0 = " + count + " from aggregate index, "
          + read + " row(s) read; SQL COUNT(*) walks " + TENANT_ROWS + " index entries");
    }

    private void insert(String tenant, int rows) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        batch.add(Map.of("tenant", tenant, "amount", (long) (i % 100)));
        if (batch.size() == 1_000) {
          mutations.insert("sales").values(batch).execute();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        mutations.insert("sales").values(batch).execute();
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  @Benchmark
  public long countFromAggregateIndex(Data data) {
    return data.orm.query("sales").where(eq("tenant", "t0")).count();
  }

  @Benchmark
  public BigDecimal sumFromAggregateIndex(Data data) {
    return data.orm.query("sales").where(eq("tenant", "t0"))
        .aggregate(Aggregation.of().sum("amount")).sum("amount");
  }

  @Benchmark
  public long sqlCountOverBtree(Data data) throws SQLException {
    return sql(data, "SELECT COUNT(*) FROM plain_sales WHERE tenant = ?");
  }

  @Benchmark
  public long sqlSumOverBtree(Data data) throws SQLException {
    return sql(data, "SELECT SUM(amount) FROM plain_sales WHERE tenant = ?");
  }

  private static long sql(Data data, String sql) throws SQLException {
    try (Connection c = data.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, "t0");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
