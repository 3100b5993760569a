package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.store.ConvexEngine;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * The write cost of a vector index: one mutation inserting one document with a
 * {@value VectorSearchBenchmarks#DIMENSIONS}-dimension vector into a table with a vector index
 * (filtered on its category), beside the same insert into the same table without it, each on a
 * database of its own. Run with {@code java -jar benchmarks/target/benchmarks.jar VectorWrite}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class VectorWriteBenchmarks {

  @Param({"H2", "PostgreSQL"})
  public String database;

  private BenchmarkDatabase withIndexDb;
  private BenchmarkDatabase withoutIndexDb;
  private ConvexEngine withIndex;
  private ConvexEngine withoutIndex;
  private Map<String, Object> document;

  @Setup(Level.Trial)
  public void setUp() {
    withIndexDb = BenchmarkDatabase.start(database);
    withoutIndexDb = BenchmarkDatabase.start(database);
    withIndex = ConvexEngine.builder(withIndexDb.dataSource(),
        VectorSearchBenchmarks.schema(true)).build();
    withoutIndex = ConvexEngine.builder(withoutIndexDb.dataSource(),
        VectorSearchBenchmarks.schema(false)).build();
    List<Double> vector = VectorSearchBenchmarks.boxed(VectorSearchBenchmarks.vector(
        new Random(7)));
    document = Map.of("category", "c1", "embedding", vector);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withIndexDb.close();
    withoutIndexDb.close();
  }

  @Benchmark
  public String insertWithVectorIndex() {
    return withIndex.mutation(tx -> tx.insert("chunks", document));
  }

  @Benchmark
  public String insertWithoutVectorIndex() {
    return withoutIndex.mutation(tx -> tx.insert("chunks", document));
  }
}
