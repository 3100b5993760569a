package dev.betterconvex.orm.query;

import org.springframework.lang.CheckReturnValue;
import dev.betterconvex.orm.store.InvalidCursorException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The reads of one partition of a rank index, from {@link FindQuery#rank}: the rows of the
 * partition in the index's order (its {@code orderBy} keys, then {@code _id}), numbered from 0.
 * Every call reads, in its own read (or the current transaction), a number of index rows that
 * grows with the logarithm of the partition's size, never its rows; the rows it returns are read
 * by id, with the caller's row-level security, relations and row shape as {@code findMany}
 * returns them. Each call plans first: a {@code where} that does not pin exactly the
 * {@code partitionBy} fields with {@code eq}, or a policy that is not such an equality, is
 * refused with {@link AggregateIndexRequiredException} before reading.
 *
 * @param <T> the type of the rows returned
 */
@CheckReturnValue
public final class RankQuery<T> {

  /** The most rows one {@link #page} or {@link #paginate} call returns. */
  public static final int MAX_PAGE = 1_024;

  private static final String CURSOR_PREFIX = "rank1.";

  private final String table;
  private final String index;
  private final ConvexOrm orm;
  private final Supplier<RankReads<T>> reads;

  RankQuery(String table, String index, ConvexOrm orm, Supplier<RankReads<T>> reads) {
    this.table = table;
    this.index = index;
    this.orm = orm;
    this.reads = reads;
  }

  private <R> R observe(String operation, java.util.function.Function<RankReads<T>, R> work) {
    return orm.observe(table, "rank." + operation, o -> {
      io.micrometer.observation.Observation current = orm.currentObservation();
      if (current != null) {
        current.lowCardinalityKeyValue("index", index);
      }
      return work.apply(reads.get());
    });
  }

  /** Returns the number of rows of the partition. */
  public long count() {
    return observe("count", r -> r.totals().count());
  }

  /**
   * Returns the exact sum of the index's {@code sum} field over the partition (rows where it is
   * missing or null add nothing), or null when no row has a value.
   *
   * @throws IllegalStateException when the index declares no {@code sum} field
   * @throws ArithmeticException when a float64 value is NaN or infinite
   */
  public @Nullable BigDecimal sum() {
    return observe("sum", r -> {
      String field = r.sumField();
      if (field == null) {
        throw new IllegalStateException("Rank index " + table + "." + index + " declares no sum "
            + "field; declare one with sum = \"...\" (or .sum(\"...\"))");
      }
      return new AggregateResult(r.totals(), Aggregation.of().sum(field), f -> f).sum(field);
    });
  }

  /**
   * Returns the rank of the row {@code id}: how many rows of the partition come before it
   * (0 for the first). Empty when there is no such row or the caller may not read it.
   *
   * @throws IllegalArgumentException when the row exists but is in another partition
   */
  public OptionalLong indexOf(String id) {
    return observe("indexOf", r -> r.indexOf(id));
  }

  /** Returns the row at {@code offset} (0 the first), or empty past the end. */
  public Optional<T> at(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
    }
    return observe("at", r -> first(r.rows(offset, null, 1).rows()));
  }

  /** Returns the first row in the index's order (with a descending key, the largest). */
  public Optional<T> min() {
    return observe("min", r -> first(r.rows(0, null, 1).rows()));
  }

  /** Returns the last row in the index's order (with a descending key, the smallest). */
  public Optional<T> max() {
    return observe("max", r -> first(r.rows(-1, null, 1).rows()));
  }

  /** Returns a row of the partition chosen uniformly at random, or empty when it has none. */
  public Optional<T> random() {
    return observe("random", r -> {
      long count = r.totals().count();
      return count == 0 ? Optional.<T>empty()
          : first(r.rows(ThreadLocalRandom.current().nextLong(count), null, 1).rows());
    });
  }

  /** Returns up to {@code limit} rows from the row at {@code offset} on, in the index's order. */
  public List<T> page(long offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
    }
    checkLimit(limit);
    return observe("page", r -> r.rows(offset, null, limit).rows());
  }

  /**
   * Returns up to {@code numItems} rows after {@code cursor} (null: from the first row) and the
   * cursor of the next page. A cursor is a position in the index (the key of the last row
   * returned), so rows inserted or deleted elsewhere do not shift the pages; it holds that row's
   * {@code orderBy} values and id, and is only valid for the same index and partition.
   *
   * @throws InvalidCursorException when {@code cursor} is not one this method returned
   */
  public PaginationResult<T> paginate(@Nullable String cursor, int numItems) {
    checkLimit(numItems);
    byte[] after = cursor == null ? null : decode(cursor);
    return observe("paginate", r -> {
      RankReads.Rows<T> rows = r.rows(0, after, numItems);
      byte[] last = rows.last();
      String next = last == null ? (cursor == null ? encode(new byte[0]) : cursor) : encode(last);
      return new PaginationResult<>(rows.rows(), rows.done(), next, null, null);
    });
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("A rank page holds 1 to " + MAX_PAGE + " rows, not "
          + limit);
    }
  }

  private static String encode(byte[] position) {
    return CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(position);
  }

  private byte[] decode(String cursor) {
    if (!cursor.startsWith(CURSOR_PREFIX)) {
      throw new InvalidCursorException("Not a cursor of rank index " + table + "." + index + ": "
          + cursor);
    }
    try {
      return Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length()));
    }
    catch (IllegalArgumentException ex) {
      throw new InvalidCursorException("Not a cursor of rank index " + table + "." + index + ": "
          + cursor);
    }
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }
}
