package dev.betterconvex.orm.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs transactions: re-runs of conflicting mutations and their backoff, the
 * per-transaction limits, and what it does to the database schema at startup.
 *
 * <p>A mutation that lost a conflict is re-run from scratch after a jittered pause that starts
 * at {@code initialBackoff} and doubles up to {@code maxBackoff}; no re-run starts once
 * {@code retryBudget} has passed since its first attempt began, or after {@code maxRetries}
 * re-runs. Then it fails with {@link OptimisticConcurrencyException}.
 *
 * @param maxRetries how many times a mutation may be re-run ({@link #UNLIMITED_RETRIES} by
 *     default: the budget alone decides)
 * @param retryBudget how long after its first attempt began a mutation may still be re-run
 * @param initialBackoff the longest pause before the first re-run, doubled for each further one
 * @param maxBackoff the longest pause between two re-runs
 * @param limits the per-transaction read and write limits
 * @param bootstrap what the engine does to its tables at startup
 */
public record EngineSettings(int maxRetries, Duration retryBudget, Duration initialBackoff,
    Duration maxBackoff, TransactionLimits limits, BootstrapMode bootstrap) {

  /** The {@code maxRetries} that sets no count limit on re-runs. */
  public static final int UNLIMITED_RETRIES = Integer.MAX_VALUE;

  /**
   * The defaults: re-runs for up to 10 s with pauses from 2 ms to 250 ms, Convex's transaction
   * limits, creating and upgrading the engine's tables at startup.
   */
  public static final EngineSettings DEFAULTS = new EngineSettings(UNLIMITED_RETRIES,
      Duration.ofSeconds(10), Duration.ofMillis(2), Duration.ofMillis(250),
      TransactionLimits.CONVEX_DEFAULTS, BootstrapMode.CREATE_OR_UPGRADE);

  /** Checks the settings, naming the one that is wrong. */
  public EngineSettings {
    Objects.requireNonNull(retryBudget, "retryBudget");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(bootstrap, "bootstrap");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
    }
    if (retryBudget.isNegative()) {
      throw new IllegalArgumentException("retryBudget must not be negative, got " + retryBudget);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("Backoff must satisfy 0 <= initialBackoff <= maxBackoff, got "
          + initialBackoff + " and " + maxBackoff);
    }
  }

  /** Returns these settings with another count limit on re-runs. */
  public EngineSettings withMaxRetries(int maxRetries) {
    return new EngineSettings(maxRetries, retryBudget, initialBackoff, maxBackoff, limits,
        bootstrap);
  }

  /** Returns these settings with another retry budget. */
  public EngineSettings withRetryBudget(Duration retryBudget) {
    return new EngineSettings(maxRetries, retryBudget, initialBackoff, maxBackoff, limits,
        bootstrap);
  }

  /** Returns these settings with another backoff range. */
  public EngineSettings withBackoff(Duration initialBackoff, Duration maxBackoff) {
    return new EngineSettings(maxRetries, retryBudget, initialBackoff, maxBackoff, limits,
        bootstrap);
  }

  /** Returns these settings with other transaction limits. */
  public EngineSettings withLimits(TransactionLimits limits) {
    return new EngineSettings(maxRetries, retryBudget, initialBackoff, maxBackoff, limits,
        bootstrap);
  }

  /** Returns these settings with another bootstrap mode. */
  public EngineSettings withBootstrap(BootstrapMode bootstrap) {
    return new EngineSettings(maxRetries, retryBudget, initialBackoff, maxBackoff, limits,
        bootstrap);
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
