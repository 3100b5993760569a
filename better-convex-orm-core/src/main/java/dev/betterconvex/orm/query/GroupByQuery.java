package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.value.KeyEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A group-by over an aggregate index, from {@link FindQuery#groupBy}, in the shape of the
 * TypeScript ORM's {@code groupBy({ by, where, _count, _sum, having, orderBy, take, cursor })}:
 * every {@code by} field is pinned by the query's filter ({@code eq} or {@code in}), each group
 * is the buckets of its values, groups without rows are left out. {@link #having} keeps groups by
 * their figures, {@link #orderBy} orders them (the key order of their {@code by} values breaks
 * ties and is the default), then {@link #take} or {@link #paginate} cut the list. Conditions and
 * orders are declarative ({@link Having}, {@link GroupOrder}), so they are checked against the
 * figures the aggregation computes before anything is read, and a cursor is bound to them.
 * Every read computes all the groups from the aggregate index (one probe per combination of the
 * pinned values, at most 1,024) without reading a document, or, on a query that allows a full
 * scan and that no aggregate index serves, from the rows. Immutable: each call returns a new one.
 */
public final class GroupByQuery {

  private final List<String> by;
  private final ConvexOrm orm;
  private final String table;
  private final Supplier<? extends QueryRun<?>> runs;
  private final Aggregation aggregation;
  private final List<Having> having;
  private final List<GroupOrder> orders;
  private final @Nullable Integer take;

  GroupByQuery(List<String> by, ConvexOrm orm, String table,
      Supplier<? extends QueryRun<?>> runs) {
    this(by, orm, table, runs, Aggregation.of(), List.of(), List.of(), null);
  }

  private GroupByQuery(List<String> by, ConvexOrm orm, String table,
      Supplier<? extends QueryRun<?>> runs, Aggregation aggregation, List<Having> having,
      List<GroupOrder> orders, @Nullable Integer take) {
    this.by = List.copyOf(by);
    this.orm = orm;
    this.table = table;
    this.runs = runs;
    this.aggregation = aggregation;
    this.having = List.copyOf(having);
    this.orders = List.copyOf(orders);
    this.take = take;
  }

  /** Sets the figures computed per group besides the count. */
  public GroupByQuery aggregate(Aggregation figures) {
    return new GroupByQuery(by, orm, table, runs, figures, having, orders, take);
  }

  /**
   * Keeps the groups that pass {@code condition} (for example {@code Having.count().gte(2)}); a
   * second call adds a condition that must hold too.
   */
  public GroupByQuery having(Having condition) {
    List<Having> all = new ArrayList<>(having);
    all.add(condition);
    return new GroupByQuery(by, orm, table, runs, aggregation, all, orders, take);
  }

  /**
   * Orders the groups by {@code order}, then by each further one (for example
   * {@code GroupOrder.count().desc(), GroupOrder.by("status").asc()}); a second call adds orders
   * that break the remaining ties.
   */
  public GroupByQuery orderBy(GroupOrder... order) {
    List<GroupOrder> all = new ArrayList<>(orders);
    all.addAll(Arrays.asList(order));
    return new GroupByQuery(by, orm, table, runs, aggregation, having, all, take);
  }

  /** Returns at most {@code n} groups from {@link #list}, after {@code having} and {@code orderBy}. */
  public GroupByQuery take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("take must not be negative, got " + n);
    }
    return new GroupByQuery(by, orm, table, runs, aggregation, having, orders, n);
  }

  /**
   * Reads the groups.
   *
   * @throws AggregateIndexRequiredException when a {@code by} field is not pinned or no
   *     aggregate index serves the filter, without allowFullScan on the query
   * @throws IllegalArgumentException when {@code having} or {@code orderBy} names a figure the
   *     aggregation does not compute, or a field that is not a {@code by} field
   */
  public List<AggregateGroup> list() {
    return orm.observe(table, "groupBy", o -> {
      List<Keyed> groups = ordered(runs.get());
      int n = take == null ? groups.size() : Math.min(take, groups.size());
      return groups.subList(0, n).stream().map(Keyed::group).toList();
    });
  }

  /**
   * Returns one page of groups, in the order of {@link #list}, and the cursor of the next page:
   * {@code paginate(PaginationOptions.first(10))}, then {@code .after(page.continueCursor())}.
   * The cursor holds the order values and {@code by} values of the page's last group (sealed by
   * the engine's cursor key and bound to the table, the filter, the row-level security policies,
   * the groupBy fields, the aggregation, the having and the order), so the next page starts
   * after that position even if groups changed in between; a group whose figures moved across
   * it since may be seen twice or not at all, as with any keyset cursor.
   *
   * @throws dev.betterconvex.orm.store.InvalidCursorException when the cursor was altered or
   *     belongs to another query
   * @throws IllegalArgumentException when the options set an end cursor or a read limit, or
   *     {@link #take} was called (the page size is {@code numItems})
   */
  public PaginationResult<AggregateGroup> paginate(PaginationOptions options) {
    if (take != null) {
      throw new IllegalArgumentException("groupBy paginate: take(" + take + ") cannot be combined "
          + "with paginate; the page size is numItems (" + options.numItems() + ")");
    }
    if (options.endCursor() != null || options.maximumRowsRead() != null) {
      throw new IllegalArgumentException("groupBy paginate does not support "
          + (options.endCursor() != null ? "endCursor" : "maximumRowsRead")
          + ": a page of groups reads every bucket of the pinned values, whatever its size");
    }
    return orm.observe(table, "groupBy", o -> {
      QueryRun<?> run = runs.get();
      check();
      CursorFormat format = new CursorFormat(EngineInternals.cursors(orm.engine()), shape(run),
          "groupBy query");
      CursorFormat.Decoded from = format.open(options.cursor());
      if (from != null && from.end()) {
        return new PaginationResult<>(List.of(), true, format.seal(null), null, null);
      }
      List<Keyed> groups = ordered(run);
      int start = 0;
      if (from != null) {
        List<byte[]> position = java.util.Objects.requireNonNull(from.position());
        if (position.size() != orders.size() + 1) {
          throw new dev.betterconvex.orm.store.InvalidCursorException(
              "Invalid cursor: malformed position");
        }
        while (start < groups.size() && compare(groups.get(start).key(), position) <= 0) {
          start++;
        }
      }
      int end = Math.min(groups.size(), start + options.numItems());
      boolean done = end == groups.size();
      List<AggregateGroup> page = groups.subList(start, end).stream().map(Keyed::group).toList();
      String next = done ? format.seal(null) : format.seal(groups.get(end - 1).key());
      return new PaginationResult<>(page, done, next, null, null);
    });
  }

  /** A group and its sort key: one part per order, then its {@code by} values. */
  private record Keyed(AggregateGroup group, List<byte[]> key) {
  }

  private void check() {
    for (Having condition : having) {
      condition.check(by, aggregation);
    }
    for (GroupOrder order : orders) {
      order.figure().check("orderBy", by, aggregation);
    }
  }

  /** The groups that pass {@code having}, in order. */
  private List<Keyed> ordered(QueryRun<?> run) {
    check();
    List<Keyed> keyed = new ArrayList<>();
    for (AggregateGroup group : run.groupBy(by, aggregation)) {
      if (having.stream().allMatch(h -> h.test(group))) {
        List<byte[]> key = new ArrayList<>();
        for (GroupOrder order : orders) {
          key.add(order.figure().sortKey(group));
        }
        key.add(KeyEncoding.encodeTuple(new ArrayList<>(group.keys().values())));
        keyed.add(new Keyed(group, key));
      }
    }
    keyed.sort(Comparator.comparing(Keyed::key, this::compare));
    return keyed;
  }

  private int compare(List<byte[]> a, List<byte[]> b) {
    for (int i = 0; i < orders.size(); i++) {
      int c = KeyEncoding.compare(a.get(i), b.get(i));
      if (c != 0) {
        return orders.get(i).descending() ? -c : c;
      }
    }
    return KeyEncoding.compare(a.get(orders.size()), b.get(orders.size()));
  }

  /** What binds a cursor to this group-by. */
  private String shape(QueryRun<?> run) {
    return run.groupShape() + " by " + by + " " + aggregation + " having " + having
        + " orderBy " + orders;
  }
}
