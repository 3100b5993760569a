package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.store.Document;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine beside plain JDBC on the same database, one operation per transaction: insert,
 * get by id, and an index range read (equality on group, range on score, first 20). Each pair
 * draws its arguments the same way, so the ratio engine/JDBC is the engine's own cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineVsJdbcBenchmarks {

  @Benchmark
  public String engineInsert(ItemsState state) {
    long n = state.nextInsert();
    return state.engineInsert("new-" + n, ItemsState.group(n), randomScore());
  }

  @Benchmark
  public String jdbcInsert(ItemsState state) throws SQLException {
    long n = state.nextInsert();
    return state.jdbcInsert("new-" + n, ItemsState.group(n), randomScore());
  }

  @Benchmark
  public Optional<Document> engineGetById(ItemsState state) {
    return state.engineGet(randomId(state));
  }

  @Benchmark
  public Optional<Item> jdbcGetById(ItemsState state) throws SQLException {
    return state.jdbcGet(randomId(state));
  }

  @Benchmark
  public List<Document> engineIndexRange(ItemsState state) {
    double from = randomFrom();
    return state.engineRange(randomGroup(), from, from + ItemsState.MAX_SCORE / 2);
  }

  @Benchmark
  public List<Item> jdbcIndexRange(ItemsState state) throws SQLException {
    double from = randomFrom();
    return state.jdbcRange(randomGroup(), from, from + ItemsState.MAX_SCORE / 2);
  }

  private static String randomId(ItemsState state) {
    return state.id(ThreadLocalRandom.current().nextInt(state.rows));
  }

  private static long randomGroup() {
    return ThreadLocalRandom.current().nextInt(ItemsState.GROUPS);
  }

  /** The start of a range half the scores wide: about rows / GROUPS / 2 rows, more than 20. */
  private static double randomFrom() {
    return ThreadLocalRandom.current().nextDouble(ItemsState.MAX_SCORE / 2);
  }

  private static double randomScore() {
    return ThreadLocalRandom.current().nextDouble(ItemsState.MAX_SCORE);
  }
}
