package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one k-way merge: sources of one order and one position shape, read as one source in
 * position order. A source is advanced only when its next row is needed (after a row is
 * returned, its source is read again on the next {@code hasNext()}), so a reader that stops
 * after {@code n} rows never fetches a batch past them. When every source is an index range
 * whose positions are whole keys, a source is opened only once its first key may come next, so
 * disjoint ranges are read one after another and a reader that stops early never touches the
 * later ones; otherwise every source is opened at once, each with a first batch of an even
 * share of {@code expected}, or, for plain ranges of one index read from their starts, with
 * first batches of up to {@code expected} rows each (64 in all) read in one statement.
 *
 * @param <T> the row type
 */
final class MergedSource<T> extends Source<T> {

  /**
   * The most rows the first batches of index sources opened together read in all, unless each
   * source's even share of the read is more (the largest batch of one index scan).
   */
  private static final int TOGETHER_ROWS = 64;

  private final List<Source<T>> sources;
  private final Supplier<String> description;

  /**
   * @param description what the merge is, for the cursor binding (for example the filter and
   *     order of a plan); empty for a plain merge
   */
  MergedSource(List<? extends Source<T>> sources, Order order, Supplier<String> description) {
    super(order);
    for (Source<T> s : sources) {
      if (s.order() != order) {
        throw new IllegalArgumentException("merged streams must share one order; got "
            + s.order() + " and " + order);
      }
      if (s.depth() != sources.get(0).depth()) {
        throw new IllegalArgumentException("merged streams must have positions of one shape");
      }
    }
    this.sources = List.copyOf(sources);
    this.description = description;
  }

  @Override
  int depth() {
    return sources.isEmpty() ? 1 : sources.get(0).depth();
  }

  @Override
  String describe() {
    return "merge" + description.get() + sources.stream().map(Source::describe).toList();
  }

  @Override
  Iterator<Item<T>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
      int expected) {
    if (sources.size() == 1) {
      return sources.get(0).open(db, from, inclusive, expected);
    }
    return new Merge(db, from, inclusive, expected);
  }

  /** Whether the sources are index ranges whose positions are whole keys. */
  private boolean wholeKeyRanges() {
    return sources.stream().allMatch(s -> s instanceof IndexSource i && i.positionsAreWholeKeys());
  }

  private final class Merge implements Iterator<Item<T>> {

    private record Head<T>(Item<T> item, Iterator<Item<T>> rest) {
    }

    private final DatabaseReader db;
    private final @Nullable List<byte[]> from;
    private final boolean inclusive;
    private final int batch;
    private final PriorityQueue<Head<T>> heads;
    /** Ranges not opened yet, in the order their first keys come (whole-key ranges only). */
    private final List<IndexSource> pending = new ArrayList<>();
    private int nextPending;
    private @Nullable Head<T> consumed;

    Merge(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive, int expected) {
      this.db = db;
      this.from = from;
      this.inclusive = inclusive;
      heads = new PriorityQueue<>(Math.max(1, sources.size()),
          (a, b) -> compareInOrder(a.item().position(), b.item().position()));
      if (wholeKeyRanges()) {
        batch = expected;
        for (Source<T> s : sources) {
          pending.add((IndexSource) s);
        }
        pending.sort(order() == Order.ASC
            ? (a, b) -> Arrays.compareUnsigned(a.range().startKey(), b.range().startKey())
            : (a, b) -> compareEnds(b.range().endKey(), a.range().endKey()));
      }
      else {
        batch = (int) Math.max(1, ((long) expected + sources.size() - 1)
            / Math.max(1, sources.size()));
        if (from == null && batch <= TOGETHER_ROWS && plainIndexSources()) {
          // as much of the whole read as each source may supply, within one batch in all
          openTogether((int) Math.max(batch,
              Math.min(expected, TOGETHER_ROWS / sources.size())));
        }
        else {
          sources.forEach(this::openSource);
        }
      }
    }

    /**
     * Whether the sources are plain ranges of one index ({@link IndexSource#plain()}), whose first
     * batches one statement can read.
     */
    private boolean plainIndexSources() {
      IndexSource first = sources.get(0) instanceof IndexSource i ? i : null;
      for (Source<T> s : sources) {
        if (!(s instanceof IndexSource i) || !i.plain() || first == null
            || !i.range().table().equals(first.range().table())
            || !i.range().index().equals(first.range().index())) {
          return false;
        }
      }
      return true;
    }

    /**
     * Opens every source with a first batch of {@code perSource} rows, all read in one
     * statement: when that is the whole read may need from any one source, a read which the
     * first batches serve sends one statement whatever the interleaving of the sources.
     */
    @SuppressWarnings("unchecked")
    private void openTogether(int perSource) {
      List<IndexSource> ranges = new ArrayList<>(sources.size());
      for (Source<T> s : sources) {
        ranges.add((IndexSource) s);
      }
      for (Iterator<Source.Item<Document>> it : IndexSource.openAll(db, ranges, perSource)) {
        Iterator<Item<T>> items = (Iterator<Item<T>>) (Iterator<?>) it;
        if (items.hasNext()) {
          heads.add(new Head<>(items.next(), items));
        }
      }
    }

    private void openSource(Source<T> source) {
      Iterator<Item<T>> it = source.open(db, from, inclusive, batch);
      if (it.hasNext()) {
        heads.add(new Head<>(it.next(), it));
      }
    }

    @SuppressWarnings("unchecked")
    private void openPending(IndexSource source) {
      openSource((Source<T>) (Source<?>) source);
    }

    /** Whether a key of {@code range} may come before the current head. */
    private boolean mayPrecedeHead(IndexSource source) {
      Head<T> head = heads.peek();
      if (head == null) {
        return true;
      }
      byte[] key = head.item().position().get(0);
      if (order() == Order.ASC) {
        return Arrays.compareUnsigned(source.range().startKey(), key) <= 0;
      }
      byte[] end = source.range().endKey();
      return end == null || Arrays.compareUnsigned(end, key) > 0;
    }

    @Override
    public boolean hasNext() {
      Head<T> last = consumed;
      if (last != null) {
        consumed = null;
        if (last.rest().hasNext()) {
          heads.add(new Head<>(last.rest().next(), last.rest()));
        }
      }
      while (nextPending < pending.size() && mayPrecedeHead(pending.get(nextPending))) {
        openPending(pending.get(nextPending++));
      }
      return !heads.isEmpty();
    }

    @Override
    public Item<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Head<T> head = Objects.requireNonNull(heads.poll());
      consumed = head;
      return head.item();
    }
  }

  /** Compares exclusive end keys, null (the end of the index) last. */
  private static int compareEnds(byte @Nullable [] a, byte @Nullable [] b) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    return Arrays.compareUnsigned(a, b);
  }
}
