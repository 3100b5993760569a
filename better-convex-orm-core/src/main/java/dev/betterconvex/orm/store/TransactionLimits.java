package dev.betterconvex.orm.store;

/**
 * Per-transaction limits, with Convex's defaults. A transaction that passes one fails with a
 * {@link TransactionLimitExceededException} naming the limit.
 *
 * @param maxDocumentsScanned documents one transaction may read (Convex: 32,000)
 * @param maxBytesRead bytes of documents one transaction may read (Convex: 16 MiB)
 * @param maxIndexRanges index ranges and point reads one transaction may run (Convex: 4,096)
 * @param maxDocumentsWritten documents one transaction may write (Convex: 16,000)
 * @param maxBytesWritten bytes of documents one transaction may write (Convex: 16 MiB)
 */
public record TransactionLimits(int maxDocumentsScanned, long maxBytesRead, int maxIndexRanges,
    int maxDocumentsWritten, long maxBytesWritten) {

  /** Convex's limits. */
  public static final TransactionLimits CONVEX_DEFAULTS =
      new TransactionLimits(32_000, 16L << 20, 4_096, 16_000, 16L << 20);

  /** Checks that every limit is positive. */
  public TransactionLimits {
    if (maxDocumentsScanned < 1 || maxBytesRead < 1 || maxIndexRanges < 1
        || maxDocumentsWritten < 1 || maxBytesWritten < 1) {
      throw new IllegalArgumentException("Transaction limits must be positive: " + this);
    }
  }
}
