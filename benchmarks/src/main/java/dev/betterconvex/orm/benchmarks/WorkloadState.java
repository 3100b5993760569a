package dev.betterconvex.orm.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The state of {@link WorkloadBenchmarks}: one peer on one database seeded with 1,000 users and
 * 20,000 posts, or {@link #scale} times as many. The database is seeded once per JVM and shared
 * by every trial of that JVM ({@link WorkloadFixture}), so a run with {@code -f 0} seeds each
 * database once (per scale); a forked run seeds it in every fork.
 */
@State(Scope.Benchmark)
public class WorkloadState {

  /** The database: {@code H2} (in memory) or {@code PostgreSQL} (embedded server). */
  @Param({"H2", "PostgreSQL"})
  public String database;

  /** The peer, one of {@link Peer.Kind}. */
  @Param({"jdbc", "springDataJdbc", "jpa", "orm", "engine"})
  public String peer;

  /**
   * How many times the benchmark's data ({@link WorkloadData.Size#scaled}): 1 is 1,000 users and
   * 20,000 posts; 10 is ten times the rows, with the same reads (200 users, page 500).
   */
  @Param({"1"})
  public int scale;

  WorkloadFixture fixture;
  Peer run;

  /** Opens (or reuses) the seeded database and picks the peer. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = WorkloadFixture.open(database, WorkloadData.Size.scaled(scale));
    run = fixture.peer(Peer.Kind.valueOf(peer));
  }

  /** Empties the plain table of the insert workload before each iteration. */
  @Setup(Level.Iteration)
  public void clearInserts() {
    fixture.clearPlainNewPosts();
  }
}
