package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Runs a {@link QueryPlan}: reads its probes, merges them in order, filters, sorts, slices. */
final class QueryExecutor {

  private QueryExecutor() {
  }

  /**
   * Returns the matching documents of the plan, offset and limit applied. When nothing is
   * checked after reading (one probe in index order, no filter beyond the range, no row-level
   * restriction: {@code restriction} null), the offset is skipped in the database, in the statement
   * reading the page.
   */
  static List<Document> run(DatabaseReader db, QueryPlan plan,
      @Nullable Predicate<Document> restriction) {
    Predicate<Document> extra = restriction == null ? d -> true : restriction;
    int limit = plan.limit() == null ? Integer.MAX_VALUE : plan.limit();
    List<Document> result = new ArrayList<>();
    if (plan.readsNothing() || limit == 0) {
      return result;
    }
    boolean sortAfter = plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ;
    int expected = sortAfter || plan.limit() == null ? Integer.MAX_VALUE
        : (int) Math.min(Integer.MAX_VALUE, (long) limit + plan.offset());
    int skipped = 0;
    Iterator<ProbeRow> rows;
    if (!sortAfter && plan.offset() > 0 && restriction == null && plan.probes().size() == 1
        && matchesAll(plan.postFilter())) {
      QueryPlan.Probe probe = plan.probes().get(0);
      Iterator<IndexedDocument> scan = db.scan(probe.range(), plan.scanOrder(), plan.offset(),
          limit);
      rows = QueryStream.mapped(scan, row -> new ProbeRow(row, probe.prefixLength()));
      skipped = plan.offset();
    }
    else {
      rows = merged(db, plan, expected);
    }
    while (rows.hasNext()) {
      Document doc = rows.next().row().document();
      if (!plan.postFilter().matches(doc) || !extra.test(doc)) {
        continue;
      }
      if (sortAfter) {
        result.add(doc);
        continue;
      }
      if (skipped < plan.offset()) {
        skipped++;
        continue;
      }
      result.add(doc);
      if (result.size() == limit) {
        break;
      }
    }
    if (!sortAfter) {
      return result;
    }
    result.sort(comparator(plan.orderBy()));
    int from = Math.min(plan.offset(), result.size());
    int to = (int) Math.min(result.size(), (long) from + limit);
    return new ArrayList<>(result.subList(from, to));
  }

  /** Whether {@code filter} is known to match every document without reading it. */
  static boolean matchesAll(Filter filter) {
    return filter instanceof Filter.And and && and.filters().stream()
        .allMatch(QueryExecutor::matchesAll)
        || filter instanceof Filter.Constant constant && constant.value();
  }

  /** Counts the matching documents of the plan (offset and limit ignored). */
  static long count(DatabaseReader db, QueryPlan plan, Predicate<Document> extra) {
    if (plan.readsNothing()) {
      return 0;
    }
    long count = 0;
    Iterator<ProbeRow> rows = merged(db, plan, Integer.MAX_VALUE);
    while (rows.hasNext()) {
      Document doc = rows.next().row().document();
      if (plan.postFilter().matches(doc) && extra.test(doc)) {
        count++;
      }
    }
    return count;
  }

  /** Sorts by the order terms in the Convex order, ties newest first. */
  static Comparator<Document> comparator(List<Sort> orderBy) {
    return Sort.comparator(orderBy);
  }

  /** A row of a probe, with the length of that probe's equality prefix. */
  record ProbeRow(IndexedDocument row, int prefixLength) {

    /** Returns the part of the key after the equality prefix: the row's place in the order. */
    byte[] suffix() {
      return Arrays.copyOfRange(row.key(), prefixLength, row.key().length);
    }
  }

  /** Opens the read of one probe, its first batch {@code firstBatch} documents (a hint). */
  @FunctionalInterface
  interface ProbeScan {
    Iterator<IndexedDocument> open(QueryPlan.Probe probe, int firstBatch);
  }

  /** Reads the probes of the plan from their start, merged in the plan's order. */
  static Iterator<ProbeRow> merged(DatabaseReader db, QueryPlan plan, int expected) {
    return merge(plan, (probe, batch) -> db.scan(probe.range(), plan.scanOrder(), null, batch),
        expected);
  }

  /**
   * Merges the reads of the plan's probes by the part of each key after the probe's
   * {@code prefixLength}. When every prefix length is 0 (the index order) a probe is opened only
   * once its first key may come next, so disjoint probes are read one after another and a
   * reader that stops early never touches the later ones; otherwise (an order the index serves
   * after the pinned fields) every probe is opened at once, each with a first batch of an even
   * share of {@code expected}.
   */
  static Iterator<ProbeRow> merge(QueryPlan plan, ProbeScan scan, int expected) {
    return new Merge(plan.probes(), plan.scanOrder(), scan, expected);
  }

  /**
   * A k-way merge that advances a probe only when its next row is needed: after a row is
   * returned, its probe is read again on the next {@code hasNext()}, so a reader that stops
   * after {@code n} rows never fetches a batch past them.
   */
  private static final class Merge implements Iterator<ProbeRow> {

    private record Head(IndexedDocument row, int prefixLength, Iterator<IndexedDocument> rest) {
    }

    private final PriorityQueue<Head> heads;
    private final Order order;
    private final ProbeScan scan;
    private final int batch;
    /** Probes not opened yet, in the order their first keys come (index order only). */
    private final List<QueryPlan.Probe> pending;
    private int nextPending;
    private @Nullable Head consumed;

    Merge(List<QueryPlan.Probe> probes, Order order, ProbeScan scan, int expected) {
      this.order = order;
      this.scan = scan;
      Comparator<Head> bySuffix = (a, b) -> Arrays.compareUnsigned(
          a.row().key(), a.prefixLength(), a.row().key().length,
          b.row().key(), b.prefixLength(), b.row().key().length);
      heads = new PriorityQueue<>(Math.max(1, probes.size()),
          order == Order.ASC ? bySuffix : bySuffix.reversed());
      boolean indexOrder = probes.stream().allMatch(p -> p.prefixLength() == 0);
      if (indexOrder) {
        batch = expected;
        pending = new ArrayList<>(probes);
        pending.sort(order == Order.ASC
            ? (a, b) -> Arrays.compareUnsigned(a.range().startKey(), b.range().startKey())
            : (a, b) -> compareEnds(b.range().endKey(), a.range().endKey()));
      }
      else {
        batch = (int) Math.max(1, ((long) expected + probes.size() - 1) / probes.size());
        pending = List.of();
        probes.forEach(this::open);
      }
    }

    /** Compares exclusive end keys, null (the end of the index) last. */
    private static int compareEnds(byte @Nullable [] a, byte @Nullable [] b) {
      if (a == null || b == null) {
        return Boolean.compare(a == null, b == null);
      }
      return Arrays.compareUnsigned(a, b);
    }

    private void open(QueryPlan.Probe probe) {
      Iterator<IndexedDocument> it = scan.open(probe, batch);
      if (it.hasNext()) {
        heads.add(new Head(it.next(), probe.prefixLength(), it));
      }
    }

    /** Whether a key of {@code probe} may come before the current head. */
    private boolean mayPrecedeHead(QueryPlan.Probe probe) {
      Head head = heads.peek();
      if (head == null) {
        return true;
      }
      if (order == Order.ASC) {
        return Arrays.compareUnsigned(probe.range().startKey(), head.row().key()) <= 0;
      }
      byte[] end = probe.range().endKey();
      return end == null || Arrays.compareUnsigned(end, head.row().key()) > 0;
    }

    @Override
    public boolean hasNext() {
      Head last = consumed;
      if (last != null) {
        consumed = null;
        if (last.rest().hasNext()) {
          heads.add(new Head(last.rest().next(), last.prefixLength(), last.rest()));
        }
      }
      while (nextPending < pending.size() && mayPrecedeHead(pending.get(nextPending))) {
        open(pending.get(nextPending++));
      }
      return !heads.isEmpty();
    }

    @Override
    public ProbeRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Head head = heads.poll();
      consumed = head;
      return new ProbeRow(head.row(), head.prefixLength());
    }
  }
}
