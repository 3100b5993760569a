package dev.betterconvex.orm.query;

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

  /** Returns the matching documents of the plan, offset and limit applied. */
  static List<Document> run(DatabaseReader db, QueryPlan plan, Predicate<Document> extra) {
    int limit = plan.limit() == null ? Integer.MAX_VALUE : plan.limit();
    List<Document> result = new ArrayList<>();
    if (plan.readsNothing() || limit == 0) {
      return result;
    }
    boolean sortAfter = plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ;
    int expected = sortAfter || plan.limit() == null ? Integer.MAX_VALUE
        : (int) Math.min(Integer.MAX_VALUE, (long) limit + plan.offset());
    Iterator<ProbeRow> rows = merged(db, plan, expected);
    int skipped = 0;
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

  /**
   * Reads every probe lazily and merges them by the part of the key after each probe's
   * equality prefix, so the merged stream is in the order the index gives within one probe.
   */
  static Iterator<ProbeRow> merged(DatabaseReader db, QueryPlan plan, int expected) {
    List<Iterator<IndexedDocument>> scans = new ArrayList<>();
    for (QueryPlan.Probe probe : plan.probes()) {
      scans.add(db.scan(probe.range(), plan.scanOrder(), null, expected));
    }
    return merge(scans, plan.probes(), plan.scanOrder());
  }

  /** Merges one lazy scan per probe (in the same order as {@code probes}). */
  static Iterator<ProbeRow> merge(List<Iterator<IndexedDocument>> scans,
      List<QueryPlan.Probe> probes, Order order) {
    return new Merge(scans, probes, order);
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
    private @Nullable Head consumed;

    Merge(List<Iterator<IndexedDocument>> scans, List<QueryPlan.Probe> probes, Order order) {
      Comparator<Head> bySuffix = (a, b) -> Arrays.compareUnsigned(
          a.row().key(), a.prefixLength(), a.row().key().length,
          b.row().key(), b.prefixLength(), b.row().key().length);
      heads = new PriorityQueue<>(Math.max(1, probes.size()),
          order == Order.ASC ? bySuffix : bySuffix.reversed());
      for (int i = 0; i < scans.size(); i++) {
        Iterator<IndexedDocument> it = scans.get(i);
        if (it.hasNext()) {
          heads.add(new Head(it.next(), probes.get(i).prefixLength(), it));
        }
      }
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
