package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexedDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link QueryPlan} as a positioned read: the merge of one index source per probe,
 * filtered by the plan's post-filter and the row-level restriction ({@link #source}); then
 * slices, counts or (through {@link Paginator}) pages it.
 */
final class QueryExecutor {

  private QueryExecutor() {
  }

  /**
   * Returns the plan as a source: its probes merged in the plan's order, rows the post-filter
   * or {@code restriction} refuses absent (they still advance a cursor). Its description, which
   * binds cursors, names the index, every range, the order and the filter.
   */
  static Source<Document> source(CursorCodec codec, QueryPlan plan,
      @Nullable Predicate<Document> restriction) {
    SearchPlan search = plan.search();
    if (search != null) {
      return filtered(new SearchSource(codec, plan.table(), search), plan, restriction);
    }
    List<IndexSource> probes = new ArrayList<>(plan.probes().size());
    for (QueryPlan.Probe probe : plan.probes()) {
      probes.add(new IndexSource(codec, probe.range(), plan.scanOrder(), probe.prefixLength(), 0,
          null));
    }
    return filtered(new MergedSource<Document>(probes, plan.scanOrder(),
        () -> " of " + codec.indexIdentity(plan.table(), plan.index())), plan, restriction);
  }

  /** The source with the rows the plan's post-filter or {@code restriction} refuses absent. */
  private static Source<Document> filtered(Source<Document> source, QueryPlan plan,
      @Nullable Predicate<Document> restriction) {
    Filter where = plan.postFilter();
    Predicate<Document> keep = restriction == null ? where::matches
        : doc -> where.matches(doc) && restriction.test(doc);
    return source.mapItems(item -> item.present() && !keep.test(item.value())
        ? new Source.Item<>(null, false, item.position()) : item,
        () -> "where " + where + " orderBy " + plan.orderBy());
  }

  /**
   * Returns the matching documents of the plan, offset and limit applied. When nothing is
   * checked after reading (one probe in index order, no filter beyond the range, no row-level
   * restriction: {@code restriction} null), the offset is skipped in the database, in the statement
   * reading the page. Over one probe the scan is read without positions, which only cursors need.
   */
  static List<Document> run(DatabaseReader db, CursorCodec codec, QueryPlan plan,
      @Nullable Predicate<Document> restriction) {
    int limit = plan.limit() == null ? Integer.MAX_VALUE : plan.limit();
    List<Document> result = new ArrayList<>();
    if (plan.readsNothing() || limit == 0) {
      return result;
    }
    boolean sortAfter = plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ;
    if (!sortAfter && plan.offset() > 0 && restriction == null && plan.probes().size() == 1
        && matchesAll(plan.postFilter())) {
      Iterator<IndexedDocument> scan = EngineInternals.of(db)
          .scan(plan.probes().get(0).range(), plan.scanOrder(), plan.offset(), limit);
      while (result.size() < limit && scan.hasNext()) {
        result.add(scan.next().document());
      }
      return result;
    }
    int expected = sortAfter || plan.limit() == null ? Integer.MAX_VALUE
        : (int) Math.min(Integer.MAX_VALUE, (long) limit + plan.offset());
    Iterator<Document> rows = plan.probes().size() == 1
        ? matching(EngineInternals.of(db).scan(plan.probes().get(0).range(), plan.scanOrder(),
            null, expected), plan.postFilter(), restriction)
        : presentValues(source(codec, plan, restriction).open(db, null, false, expected));
    int skipped = 0;
    while (rows.hasNext()) {
      Document row = rows.next();
      if (sortAfter) {
        result.add(row);
        continue;
      }
      if (skipped < plan.offset()) {
        skipped++;
        continue;
      }
      result.add(row);
      if (result.size() == limit) {
        break;
      }
    }
    if (!sortAfter) {
      return result;
    }
    result.sort(Sort.comparator(plan.orderBy()));
    int from = Math.min(plan.offset(), result.size());
    int to = (int) Math.min(result.size(), (long) from + limit);
    return new ArrayList<>(result.subList(from, to));
  }

  /**
   * The documents of one probe's scan that {@code where} and {@code restriction} keep: the
   * same rows as its {@link #source}, without positions, which only a cursor needs.
   */
  private static Iterator<Document> matching(Iterator<IndexedDocument> scan, Filter where,
      @Nullable Predicate<Document> restriction) {
    return kept(scan, row -> {
      Document doc = row.document();
      return where.matches(doc) && (restriction == null || restriction.test(doc)) ? doc : null;
    });
  }

  /** The present rows of a source, in order. */
  private static Iterator<Document> presentValues(Iterator<Source.Item<Document>> items) {
    return kept(items, item -> item.present() ? item.value() : null);
  }

  /** The rows {@code keep} turns into a document, in order; null drops a row. */
  private static <A> Iterator<Document> kept(Iterator<A> rows,
      Function<A, @Nullable Document> keep) {
    return new Iterator<>() {
      private @Nullable Document next;

      @Override
      public boolean hasNext() {
        while (next == null && rows.hasNext()) {
          next = keep.apply(rows.next());
        }
        return next != null;
      }

      @Override
      public Document next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Document result = Objects.requireNonNull(next);
        next = null;
        return result;
      }
    };
  }

  /** Whether {@code filter} is known to match every document without reading it. */
  static boolean matchesAll(Filter filter) {
    return filter instanceof Filter.And and && and.filters().stream()
        .allMatch(QueryExecutor::matchesAll)
        || filter instanceof Filter.Constant constant && constant.value();
  }

  /** Counts the matching documents of the plan (offset and limit ignored). */
  static long count(DatabaseReader db, CursorCodec codec, QueryPlan plan,
      @Nullable Predicate<Document> restriction) {
    if (plan.readsNothing()) {
      return 0;
    }
    long count = 0;
    Iterator<Source.Item<Document>> rows = source(codec, plan, restriction)
        .open(db, null, false, Integer.MAX_VALUE);
    while (rows.hasNext()) {
      if (rows.next().present()) {
        count++;
      }
    }
    return count;
  }
}
