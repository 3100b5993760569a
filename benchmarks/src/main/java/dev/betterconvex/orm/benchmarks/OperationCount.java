package dev.betterconvex.orm.benchmarks;

import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * What one operation costs in database work, averaged over a few runs: statements executed (a
 * JDBC batch counts once), commits, and network round trips (PostgreSQL only, counted at the
 * socket by {@link CountingSocketFactory}; null on H2, which runs in the JVM).
 *
 * @param statements statements per operation
 * @param commits commits per operation
 * @param roundTrips round trips per operation, or null when the database is in-process
 */
record OperationCount(double statements, double commits, @Nullable Double roundTrips) {

  /**
   * Runs {@code workload} once on the counting peer of {@code kind} (to warm it up), then
   * {@code runs} times counting.
   */
  static OperationCount of(WorkloadFixture fixture, Workload workload, Peer.Kind kind, int runs) {
    WorkloadFixture.Counted counted = fixture.counted(kind);
    SplittableRandom random = new SplittableRandom(7);
    workload.run(counted.peer(), fixture, random);
    counted.counter().reset();
    CountingSocketFactory.countOn();
    for (int i = 0; i < runs; i++) {
      workload.run(counted.peer(), fixture, random);
    }
    boolean network = "PostgreSQL".equals(fixture.name());
    return new OperationCount((double) counted.counter().statements() / runs,
        (double) counted.counter().commits() / runs,
        network ? (double) CountingSocketFactory.roundTrips() / runs : null);
  }

  /** {@code "2 st · 4 rt"}: statements and round trips, to one decimal when not whole. */
  String format() {
    return number(statements) + " st" + (roundTrips == null ? "" : " · " + number(roundTrips)
        + " rt");
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
