package dev.betterconvex.orm.benchmarks;

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
 * The workloads of issue 12 ({@link Workload}), each run by every {@link Peer} on the same
 * database: plain JDBC, Spring Data JDBC, JPA/Hibernate, the ORM and the engine's low-level API.
 * {@link WorkloadRatios} runs them all and prints the ratios to plain JDBC with the statements
 * and round trips of each operation; see docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkloadBenchmarks {

  @Benchmark
  public Object insert(WorkloadState state) {
    return run(Workload.insert, state);
  }

  @Benchmark
  public Object getById(WorkloadState state) {
    return run(Workload.getById, state);
  }

  @Benchmark
  public Object latestOfAuthor(WorkloadState state) {
    return run(Workload.latestOfAuthor, state);
  }

  @Benchmark
  public Object usersWithPosts(WorkloadState state) {
    return run(Workload.usersWithPosts, state);
  }

  @Benchmark
  public Object firstPage(WorkloadState state) {
    return run(Workload.firstPage, state);
  }

  @Benchmark
  public Object pageByCursor(WorkloadState state) {
    return run(Workload.pageByCursor, state);
  }

  @Benchmark
  public Object pageByOffset(WorkloadState state) {
    return run(Workload.pageByOffset, state);
  }

  @Benchmark
  public Object typeIn(WorkloadState state) {
    return run(Workload.typeIn, state);
  }

  private static Object run(Workload workload, WorkloadState state) {
    return workload.run(state.run, state.fixture, ThreadLocalRandom.current());
  }
}
