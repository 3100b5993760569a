package dev.betterconvex.orm.mutation;

/**
 * Limits the ORM puts on each transaction, beside the engine's
 * {@link dev.betterconvex.orm.store.TransactionLimits} (documents and bytes read and written).
 *
 * @param maxRowsTouched how many rows one transaction may insert, update or delete, rows changed
 *     by foreign-key actions included (default 10,000); passing it fails the whole transaction
 *     with a {@link MutationLimitExceededException}
 */
public record MutationSettings(int maxRowsTouched) {

  /** The defaults: 10,000 rows touched per transaction. */
  public static final MutationSettings DEFAULTS = new MutationSettings(10_000);

  /** Checks the settings. */
  public MutationSettings {
    if (maxRowsTouched < 1) {
      throw new IllegalArgumentException("maxRowsTouched must be positive, got " + maxRowsTouched);
    }
  }

  /** Returns these settings with another budget of rows touched per transaction. */
  public MutationSettings withMaxRowsTouched(int maxRowsTouched) {
    return new MutationSettings(maxRowsTouched);
  }
}
