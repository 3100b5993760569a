package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import dev.betterconvex.orm.value.InvalidIdException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
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
    Filter check = residual(plan);
    Predicate<Document> keep = restriction == null ? check::matches
        : doc -> check.matches(doc) && restriction.test(doc);
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
    Filter check = residual(plan);
    if (!sortAfter && plan.offset() > 0 && restriction == null && plan.probes().size() == 1
        && matchesAll(check)) {
      Iterator<IndexedDocument> scan = EngineInternals.of(db)
          .scan(plan.probes().get(0).range(), plan.scanOrder(), plan.offset(), limit);
      while (result.size() < limit && scan.hasNext()) {
        result.add(scan.next().document());
      }
      return result;
    }
    int expected = sortAfter || plan.limit() == null ? Integer.MAX_VALUE
        : (int) Math.min(Integer.MAX_VALUE, (long) limit + plan.offset());
    String id = plan.probes().size() == 1 ? pinnedId(plan.probes().get(0).range()) : null;
    Iterator<Document> rows = id != null
        ? kept(byId(db, plan.table(), id).stream().iterator(),
            doc -> kept(doc, check, restriction))
        : plan.probes().size() == 1
        ? matching(EngineInternals.of(db).scan(plan.probes().get(0).range(), plan.scanOrder(),
            null, expected), check, restriction)
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
    return kept(scan, row -> kept(row.document(), where, restriction));
  }

  /** {@code doc} when {@code where} and {@code restriction} keep it, else null. */
  private static @Nullable Document kept(Document doc, Filter where,
      @Nullable Predicate<Document> restriction) {
    return where.matches(doc) && (restriction == null || restriction.test(doc)) ? doc : null;
  }

  /** The document {@code id} of {@code table}; none when the id is not one (as a scan finds). */
  private static Optional<Document> byId(DatabaseReader db, String table, String id) {
    try {
      return db.get(table, id);
    }
    catch (InvalidIdException ex) {
      return Optional.empty();
    }
  }

  /**
   * The id a range of {@code by_id} pins with its one equality, or null for any other range:
   * such a range holds at most that document, which a read by id finds (the same index range
   * and document read against the transaction limits, without the key range statement).
   */
  static @Nullable String pinnedId(IndexRange range) {
    if (range.equalityCount() != 1 || range.expressions().size() != 1
        || !range.index().name().equals(IndexSchema.BY_ID.name())) {
      return null;
    }
    return range.expressions().get(0).value() instanceof ConvexString id ? id.value() : null;
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

  /**
   * The part of the plan's post-filter that a document read can fail: its top-level conjuncts
   * without the equalities and {@code in}s that every probe's range pins (an index key that
   * starts with a value's encoding holds that value, since encoded values are self-delimiting
   * and their order is {@link dev.betterconvex.orm.value.ValueOrder}'s), so that a row is not
   * parsed only to check what its key says. {@code matchesAll} of it is true when nothing is
   * left to check.
   */
  static Filter residual(QueryPlan plan) {
    Filter where = plan.postFilter();
    if (plan.probes().isEmpty()) {
      return where;
    }
    List<Filter> conjuncts = where instanceof Filter.And and ? and.filters() : List.of(where);
    List<Filter> left = null;
    for (int i = 0; i < conjuncts.size(); i++) {
      boolean pinned = pinnedByEveryProbe(plan.probes(), conjuncts.get(i));
      if (pinned && left == null) {
        left = new ArrayList<>(conjuncts.subList(0, i));
      }
      else if (!pinned && left != null) {
        left.add(conjuncts.get(i));
      }
    }
    return left == null ? where : left.size() == 1 ? left.get(0) : new Filter.And(left);
  }

  /** Whether every probe's equalities pin {@code filter}'s field to a value it admits. */
  private static boolean pinnedByEveryProbe(List<QueryPlan.Probe> probes, Filter filter) {
    String field;
    List<ConvexValue> admitted;
    if (filter instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
      field = c.field();
      admitted = List.of(c.value());
    }
    else if (filter instanceof Filter.In in && !in.negated()) {
      field = in.field();
      admitted = in.values();
    }
    else {
      return false;
    }
    for (QueryPlan.Probe probe : probes) {
      ConvexValue value = pinnedValue(probe.range(), field);
      if (value == null || !contains(admitted, value)) {
        return false;
      }
    }
    return true;
  }

  /** The value an equality of {@code range} pins {@code field} to, or null (none, or missing). */
  private static @Nullable ConvexValue pinnedValue(IndexRange range, String field) {
    List<IndexRange.Expression> expressions = range.expressions();
    for (int i = 0; i < range.equalityCount(); i++) {
      if (expressions.get(i).field().equals(field)) {
        return expressions.get(i).value();
      }
    }
    return null;
  }

  private static boolean contains(List<ConvexValue> values, ConvexValue value) {
    for (ConvexValue v : values) {
      if (ValueOrder.compare(v, value) == 0) {
        return true;
      }
    }
    return false;
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
