package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Order;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A positioned read: rows in one order, each with its position, readable from any position.
 * The one thing a kind of read implements (an index range today; search, vector and aggregate
 * reads later); merging, filtering, paging and cursors are built once on top of it
 * ({@link MergedSource}, {@link Paginator}, {@link CursorFormat}), as convex-helpers builds one
 * {@code paginate} on its abstract stream.
 *
 * @param <T> the row type
 */
abstract class Source<T> {

  private final Order order;

  Source(Order order) {
    this.order = order;
  }

  /**
   * One row read: its value (absent when a filter dropped it: it still advances a cursor), and
   * its position.
   *
   * @param value the row, or null when dropped
   * @param present whether the row passed every filter
   * @param position the key parts, one per nesting level
   */
  record Item<T>(@Nullable T value, boolean present, List<byte[]> position) {
  }

  /**
   * Reads the rows in order: after {@code from}, or at it when {@code inclusive}; null reads
   * from the start. {@code expected} is how many rows the caller expects to consume (a hint).
   */
  abstract Iterator<Item<T>> open(DatabaseReader db, @Nullable List<byte[]> from,
      boolean inclusive, int expected);

  /** How many key parts a position of this source has. */
  abstract int depth();

  /** A description of the source's shape; it binds the source's cursors. */
  abstract String describe();

  /** Returns the direction of the source. */
  final Order order() {
    return order;
  }

  /** Compares positions in this source's order: negative when {@code a} comes first. */
  final int compareInOrder(List<byte[]> a, List<byte[]> b) {
    int c = comparePositions(a, b);
    return order == Order.ASC ? c : -c;
  }

  /**
   * Returns this source with its rows transformed by {@code step}, which may drop a row (keep
   * its position, mark it absent) but not move it; {@code description} names the step.
   */
  final <U> Source<U> mapItems(Function<Item<T>, Item<U>> step, Supplier<String> description) {
    Source<T> base = this;
    return new Source<>(order) {
      @Override
      Iterator<Item<U>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
          int expected) {
        return mapped(base.open(db, from, inclusive, expected), step);
      }

      @Override
      int depth() {
        return base.depth();
      }

      @Override
      String describe() {
        return description.get() + "(" + base.describe() + ")";
      }
    };
  }

  static <A, B> Iterator<B> mapped(Iterator<A> source, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public B next() {
        return f.apply(source.next());
      }
    };
  }

  /** Compares positions part by part, unsigned; a shorter prefix first. */
  static int comparePositions(List<byte[]> a, List<byte[]> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Arrays.compareUnsigned(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
