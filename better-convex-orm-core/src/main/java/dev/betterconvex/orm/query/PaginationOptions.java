package dev.betterconvex.orm.query;

import org.jspecify.annotations.Nullable;

/**
 * Convex's pagination options: how many rows a page holds, where it starts, and optionally where
 * it ends and how many rows it may read.
 *
 * @param numItems the page size, 1 to 32,000
 * @param cursor the {@code continueCursor} of the previous page, or null for the first page
 * @param endCursor when set, the page is everything up to this cursor, whatever its size, so
 *     adjacent pages stay adjacent while data changes
 * @param maximumRowsRead when set, the page stops after reading this many rows (matching or
 *     not) and reports {@link PageStatus#SPLIT_REQUIRED} if it is incomplete
 */
public record PaginationOptions(int numItems, @Nullable String cursor, @Nullable String endCursor,
    @Nullable Integer maximumRowsRead) {

  /** The largest page Convex allows. */
  public static final int MAX_NUM_ITEMS = 32_000;

  /** Checks the options. */
  public PaginationOptions {
    if (numItems < 1 || numItems > MAX_NUM_ITEMS) {
      throw new IllegalArgumentException("numItems must be between 1 and " + MAX_NUM_ITEMS
          + ", got " + numItems);
    }
    if (maximumRowsRead != null && maximumRowsRead < 1) {
      throw new IllegalArgumentException("maximumRowsRead must be positive, got "
          + maximumRowsRead);
    }
  }

  /** The first page of {@code numItems} rows. */
  public static PaginationOptions first(int numItems) {
    return new PaginationOptions(numItems, null, null, null);
  }

  /** These options starting after {@code cursor} (null: from the start). */
  public PaginationOptions after(@Nullable String cursor) {
    return new PaginationOptions(numItems, cursor, endCursor, maximumRowsRead);
  }

  /** These options ending at {@code endCursor}. */
  public PaginationOptions endingAt(@Nullable String endCursor) {
    return new PaginationOptions(numItems, cursor, endCursor, maximumRowsRead);
  }

  /** These options reading at most {@code maximumRowsRead} rows. */
  public PaginationOptions maximumRowsRead(int maximumRowsRead) {
    return new PaginationOptions(numItems, cursor, endCursor, maximumRowsRead);
  }
}
