package dev.betterconvex.orm.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The state of {@link WorkloadBenchmarks}: one peer on one database seeded with 1,000 users and
 * 20,000 posts. The database is seeded once per JVM and shared by every trial of that JVM
 * ({@link WorkloadFixture}), so a run with {@code -f 0} seeds each database once; a forked run
 * seeds it in every fork.
 */
@State(Scope.Benchmark)
public class WorkloadState {

  /** The database: {@code H2} (in memory) or {@code PostgreSQL} (embedded server). */
  @Param({"H2", "PostgreSQL"})
  public String database;

  /** The peer, one of {@link Peer.Kind}. */
  @Param({"jdbc", "springDataJdbc", "jpa", "orm", "engine"})
  public String peer;

  WorkloadFixture fixture;
  Peer run;

  /** Opens (or reuses) the seeded database and picks the peer. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = WorkloadFixture.open(database, WorkloadData.Size.BENCHMARK);
    run = fixture.peer(Peer.Kind.valueOf(peer));
  }

  /** Empties the plain table of the insert workload before each iteration. */
  @Setup(Level.Iteration)
  public void clearInserts() {
    fixture.clearPlainNewPosts();
  }
}
