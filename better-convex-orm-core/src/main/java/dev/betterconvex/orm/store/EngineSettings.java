package dev.betterconvex.orm.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs transactions: retries of conflicting mutations, their backoff, the
 * per-transaction limits, and what it does to the database schema at startup.
 *
 * @param maxRetries how many times a mutation that lost a conflict is re-run (Convex: 4)
 * @param initialBackoff the pause before the first re-run, doubled each time (Convex: 100 ms)
 * @param maxBackoff the longest pause between re-runs (Convex: 2 s)
 * @param limits the per-transaction read and write limits
 * @param bootstrap what the engine does to its tables at startup
 */
public record EngineSettings(int maxRetries, Duration initialBackoff, Duration maxBackoff,
    TransactionLimits limits, BootstrapMode bootstrap) {

  /** Convex's defaults, creating and upgrading the engine's tables at startup. */
  public static final EngineSettings DEFAULTS = new EngineSettings(4, Duration.ofMillis(100),
      Duration.ofSeconds(2), TransactionLimits.CONVEX_DEFAULTS, BootstrapMode.CREATE_OR_UPGRADE);

  /** Checks the settings. */
  public EngineSettings {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(bootstrap, "bootstrap");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("Backoff must satisfy 0 <= initialBackoff <= maxBackoff, got "
          + initialBackoff + " and " + maxBackoff);
    }
  }

  /** Returns these settings with another number of retries. */
  public EngineSettings withMaxRetries(int maxRetries) {
    return new EngineSettings(maxRetries, initialBackoff, maxBackoff, limits, bootstrap);
  }

  /** Returns these settings with another backoff range. */
  public EngineSettings withBackoff(Duration initialBackoff, Duration maxBackoff) {
    return new EngineSettings(maxRetries, initialBackoff, maxBackoff, limits, bootstrap);
  }

  /** Returns these settings with other transaction limits. */
  public EngineSettings withLimits(TransactionLimits limits) {
    return new EngineSettings(maxRetries, initialBackoff, maxBackoff, limits, bootstrap);
  }

  /** Returns these settings with another bootstrap mode. */
  public EngineSettings withBootstrap(BootstrapMode bootstrap) {
    return new EngineSettings(maxRetries, initialBackoff, maxBackoff, limits, bootstrap);
  }

  /** What the engine does to its own tables and indexes at startup. */
  public enum BootstrapMode {
    /**
     * Create missing tables, register new tables and indexes and backfill them; an index the
     * database records but the schema does not declare is kept and maintained (another build,
     * for example the next one of a rolling deploy, may use it).
     */
    CREATE_OR_UPGRADE,
    /** Like {@link #CREATE_OR_UPGRADE}, and drop every index the schema does not declare. */
    CREATE_OR_UPGRADE_AND_DROP_UNDECLARED,
    /** Change nothing; fail at startup when the database does not match the schema. */
    VALIDATE
  }
}
