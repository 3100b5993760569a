package dev.betterconvex.orm.store;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads documents inside a transaction: the equivalent of Convex's {@code ctx.db} in a query. */
public interface DatabaseReader {

  /**
   * Returns the document with this id, or empty when it does not exist (or names a table the
   * schema does not have).
   *
   * @throws dev.betterconvex.orm.value.InvalidIdException when {@code id} is not a well-formed id
   */
  Optional<Document> get(String id);

  /**
   * Returns the document of {@code table} with this id, or empty when it does not exist or the
   * id belongs to another table.
   *
   * @throws dev.betterconvex.orm.value.InvalidIdException when {@code id} is not a well-formed id
   */
  Optional<Document> get(String table, String id);

  /**
   * Returns {@code id} when it is a well-formed id of a document of {@code table}, and empty
   * when it does not decode or names another table. Reads nothing.
   */
  Optional<String> normalizeId(String table, String id);

  /** Starts a query over {@code table}. */
  TableQuery query(String table);

  /**
   * Reads an index range lazily, in key order or reversed, each document with its index key;
   * the building block of the ORM's planner, pagination and streams. Documents are fetched in
   * batches as the iterator advances, the first batch of {@code expected} documents.
   *
   * @param range a legal range from {@link IndexRange#compile} or {@link IndexRange#all}
   * @param order the direction
   * @param after a key to resume after (exclusive, in {@code order}), or null to start at the
   *     beginning of the range
   * @param expected how many documents the caller expects to consume (a hint)
   */
  Iterator<IndexedDocument> scan(IndexRange range, Order order, byte @Nullable [] after,
      int expected);

  /**
   * Like {@link #scan(IndexRange, Order, byte[], int)} from the beginning of the range, but
   * skipping its first {@code skip} documents in the database, in the same statement as the
   * first batch: the skipped documents are not fetched, yet count as read (documents and bytes)
   * against the transaction limits, as Convex counts them.
   */
  Iterator<IndexedDocument> scan(IndexRange range, Order order, int skip, int expected);

  /**
   * Like {@link #scan(IndexRange, Order, byte[], int)}, but starting AT {@code from}
   * (inclusive) when {@code inclusive} is true.
   */
  Iterator<IndexedDocument> scan(IndexRange range, Order order, byte @Nullable [] from,
      boolean inclusive, int expected);

  /**
   * Reads many ranges of one index at once: one SQL statement per 1,000 ranges,
   * whatever their number of rows.
   * Rows come grouped by range, in the order of {@code ranges}, and in index order (or reversed)
   * within a range; a row inside two ranges is returned once for each. Every range counts as one
   * index range and every row as one document read against the transaction limits, as {@link
   * #scan} counts them.
   *
   * @param ranges legal ranges of one index of one table
   * @param order the direction within each range
   * @param limitPerRange the most rows returned per range, {@link Integer#MAX_VALUE} for no limit
   * @throws IllegalArgumentException when the ranges read more than one index, or the limit is
   *     below 1
   */
  List<RangeDocument> scanRanges(List<IndexRange> ranges, Order order, int limitPerRange);
}
