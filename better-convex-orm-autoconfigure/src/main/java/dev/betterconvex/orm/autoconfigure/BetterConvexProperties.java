package dev.betterconvex.orm.autoconfigure;

import dev.betterconvex.orm.mutation.MutationSettings;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.relation.OrmSettings;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.store.TransactionLimits;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties for Better Convex ORM, under {@code better-convex.orm}.
 */
@ConfigurationProperties("better-convex.orm")
public class BetterConvexProperties {

  /** The prefix of every key. */
  static final String PREFIX = "better-convex.orm.";

  /**
   * Chooses what the engine does to its own tables at startup: create and upgrade them, or
   * only check that they match the schema.
   */
  private EngineSettings.BootstrapMode bootstrap = EngineSettings.BootstrapMode.CREATE_OR_UPGRADE;

  /**
   * Sets how long after its first attempt began a mutation that lost a conflict may still be
   * re-run; then it fails with OptimisticConcurrencyException.
   */
  private Duration retryBudget = Duration.ofSeconds(10);

  /**
   * Limits how many times a mutation that lost a conflict is re-run; unset, only the retry
   * budget limits it.
   */
  private @Nullable Integer maxRetries;

  /**
   * Sets the longest pause before the first re-run of a conflicting mutation (each pause is
   * random up to its ceiling); the ceiling doubles on each further re-run.
   */
  private Duration initialBackoff = Duration.ofMillis(2);

  /**
   * Caps the pause between two re-runs of a conflicting mutation.
   */
  private Duration maxBackoff = Duration.ofMillis(250);

  private final Limits limits = new Limits();

  private final Repositories repositories = new Repositories();

  private final Relations relations = new Relations();

  private final Mutations mutations = new Mutations();

  public EngineSettings.BootstrapMode getBootstrap() {
    return bootstrap;
  }

  public void setBootstrap(EngineSettings.BootstrapMode bootstrap) {
    this.bootstrap = bootstrap;
  }

  public Duration getRetryBudget() {
    return retryBudget;
  }

  public void setRetryBudget(Duration retryBudget) {
    this.retryBudget = retryBudget;
  }

  public @Nullable Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(@Nullable Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public Limits getLimits() {
    return limits;
  }

  public Repositories getRepositories() {
    return repositories;
  }

  public Relations getRelations() {
    return relations;
  }

  public Mutations getMutations() {
    return mutations;
  }

  /** Returns the ORM settings these properties describe. */
  OrmSettings toOrmSettings() {
    return new OrmSettings(atLeast(1, relations.maxKeys, "relations.max-keys"),
        atLeast(1, relations.maxDepth, "relations.max-depth"));
  }

  /** Returns the mutation settings these properties describe. */
  MutationSettings toMutationSettings() {
    return new MutationSettings(atLeast(1, mutations.maxRowsTouched,
        "mutations.max-rows-touched"));
  }

  /**
   * Returns {@code value} when it is at least {@code min}.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property key, which Spring
   *     Boot reports with the value's origin when the application fails to start
   */
  static <V extends Comparable<V>> V atLeast(V min, V value, String key) {
    if (value.compareTo(min) < 0) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + key, value,
          "must be at least " + min);
    }
    return value;
  }

  /** Relation loading guardrails. */
  public static class Relations {

    /**
     * Sets how many distinct lookup keys one relation level may read; a query may raise it.
     */
    private int maxKeys = 1000;

    /**
     * Sets how deep nested relation loading ("with") may go; a query may raise it.
     */
    private int maxDepth = 10;

    public int getMaxKeys() {
      return maxKeys;
    }

    public void setMaxKeys(int maxKeys) {
      this.maxKeys = maxKeys;
    }

    public int getMaxDepth() {
      return maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
      this.maxDepth = maxDepth;
    }
  }

  /** ORM mutations. */
  public static class Mutations {

    /**
     * Sets how many rows one transaction's mutations may touch, foreign-key actions included.
     */
    private int maxRowsTouched = 10_000;

    public int getMaxRowsTouched() {
      return maxRowsTouched;
    }

    public void setMaxRowsTouched(int maxRowsTouched) {
      this.maxRowsTouched = maxRowsTouched;
    }
  }

  /** Returns the engine settings these properties describe, naming a property that is wrong. */
  EngineSettings toSettings() {
    atLeast(Duration.ZERO, retryBudget, "retry-budget");
    atLeast(Duration.ZERO, initialBackoff, "initial-backoff");
    atLeast(initialBackoff, maxBackoff, "max-backoff");
    return new EngineSettings(maxRetries == null ? EngineSettings.UNLIMITED_RETRIES
        : atLeast(0, maxRetries, "max-retries"), retryBudget, initialBackoff, maxBackoff,
        limits.toLimits(), bootstrap);
  }

  /** Spring Data repositories. */
  public static class Repositories {

    /**
     * Sets how many rows a repository Window or Slice holds when the call gives no size (no
     * Limit, First/Top or Pageable size), from 1 to 32,000.
     */
    private int defaultPageSize = 20;

    public int getDefaultPageSize() {
      return defaultPageSize;
    }

    public void setDefaultPageSize(int defaultPageSize) {
      if (defaultPageSize < 1 || defaultPageSize > PaginationOptions.MAX_NUM_ITEMS) {
        throw new IllegalArgumentException("default-page-size must be between 1 and "
            + PaginationOptions.MAX_NUM_ITEMS + ", got " + defaultPageSize);
      }
      this.defaultPageSize = defaultPageSize;
    }
  }

  /** Per-transaction limits, with Convex's defaults. */
  public static class Limits {

    /**
     * Caps the documents one transaction may read.
     */
    private int maxDocumentsScanned = 32_000;

    /**
     * Caps the bytes of documents one transaction may read.
     */
    private long maxBytesRead = 16_777_216L;

    /**
     * Caps the index ranges and point reads one transaction may run.
     */
    private int maxIndexRanges = 4_096;

    /**
     * Caps the documents one transaction may write.
     */
    private int maxDocumentsWritten = 16_000;

    /**
     * Caps the bytes of documents one transaction may write.
     */
    private long maxBytesWritten = 16_777_216L;

    public int getMaxDocumentsScanned() {
      return maxDocumentsScanned;
    }

    public void setMaxDocumentsScanned(int maxDocumentsScanned) {
      this.maxDocumentsScanned = maxDocumentsScanned;
    }

    public long getMaxBytesRead() {
      return maxBytesRead;
    }

    public void setMaxBytesRead(long maxBytesRead) {
      this.maxBytesRead = maxBytesRead;
    }

    public int getMaxIndexRanges() {
      return maxIndexRanges;
    }

    public void setMaxIndexRanges(int maxIndexRanges) {
      this.maxIndexRanges = maxIndexRanges;
    }

    public int getMaxDocumentsWritten() {
      return maxDocumentsWritten;
    }

    public void setMaxDocumentsWritten(int maxDocumentsWritten) {
      this.maxDocumentsWritten = maxDocumentsWritten;
    }

    public long getMaxBytesWritten() {
      return maxBytesWritten;
    }

    public void setMaxBytesWritten(long maxBytesWritten) {
      this.maxBytesWritten = maxBytesWritten;
    }

    TransactionLimits toLimits() {
      return new TransactionLimits(
          atLeast(1, maxDocumentsScanned, "limits.max-documents-scanned"),
          atLeast(1L, maxBytesRead, "limits.max-bytes-read"),
          atLeast(1, maxIndexRanges, "limits.max-index-ranges"),
          atLeast(1, maxDocumentsWritten, "limits.max-documents-written"),
          atLeast(1L, maxBytesWritten, "limits.max-bytes-written"));
    }
  }
}
