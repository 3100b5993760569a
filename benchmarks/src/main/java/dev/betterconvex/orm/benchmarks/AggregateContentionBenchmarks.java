package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.EngineStatistics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Issue 16's conflict rate: 4 threads inserting one row per mutation into a table with the
 * aggregate index {@code on = tenant}, all into one tenant (one bucket, every write updates the
 * same row) or each into its own. At the end of each trial it prints the mutations committed,
 * the re-runs after a serialization conflict ({@link EngineStatistics#retries()}) and the
 * conflicts seen, and their rate per committed mutation. PostgreSQL only (H2 serializes writers
 * behind one lock, so nothing conflicts). Run with
 * {@code java -jar benchmarks/target/benchmarks.jar AggregateContention}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(4)
public class AggregateContentionBenchmarks {

  static final Schema SCHEMA = Schema.builder()
      .table("events", t -> {
        t.field("tenant", FieldType.string()).notNull();
        t.field("n", FieldType.int64()).notNull();
        t.aggregateIndex("agg_tenant").on("tenant").sum("n");
      })
      .build();

  /** One database, and the engine's counters at the start. */
  @State(Scope.Benchmark)
  public static class Data {

    @Param({"PostgreSQL"})
    public String database;

    BenchmarkDatabase db;
    ConvexEngine engine;
    ConvexMutations mutations;
    final AtomicInteger threads = new AtomicInteger();
    private String benchmark;
    private long mutationsBefore;
    private long retriesBefore;
    private long conflictsBefore;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
      benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      db = BenchmarkDatabase.start(database);
      engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
      mutations = new ConvexMutations(new ConvexOrm(engine));
      EngineStatistics s = engine.statistics();
      mutationsBefore = s.mutations();
      retriesBefore = s.retries();
      conflictsBefore = s.conflicts();
    }

    @TearDown(Level.Trial)
    public void close() {
      EngineStatistics s = engine.statistics();
      long committed = s.mutations() - mutationsBefore;
      long retries = s.retries() - retriesBefore;
      System.out.printf("%n[%s, %s] %d mutations committed, %d retries (%.3f per mutation), "
          + "%d conflicts, %d retries exhausted%n", benchmark, database, committed, retries,
          committed == 0 ? 0.0 : (double) retries / committed, s.conflicts() - conflictsBefore,
          s.retriesExhausted());
      db.close();
    }
  }

  /** The tenant of one benchmark thread. */
  @State(Scope.Thread)
  public static class Writer {

    String own;

    @Setup(Level.Trial)
    public void name(Data data) {
      own = "t" + data.threads.incrementAndGet();
    }
  }

  /** Every thread writes the same bucket. */
  @Benchmark
  public Object insertOnePartition(Data data) {
    return data.mutations.insert("events").values(Map.of("tenant", "hot", "n", 1L)).execute();
  }

  /** Each thread writes a bucket of its own. */
  @Benchmark
  public Object insertOwnPartition(Data data, Writer writer) {
    return data.mutations.insert("events").values(Map.of("tenant", writer.own, "n", 1L))
        .execute();
  }
}
