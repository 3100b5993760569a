package dev.betterconvex.orm.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A group-by over an aggregate index, from {@link FindQuery#groupBy}: every {@code by} field
 * is pinned by the query's filter, each group is the buckets of its values, groups without rows
 * are left out, and the groups come in the key order of their values unless
 * {@link #orderBy} says otherwise. Immutable: each call returns a new one.
 */
public final class GroupByQuery {

  private final List<String> by;
  private final BiFunction<List<String>, Aggregation, List<AggregateGroup>> run;
  private final Aggregation aggregation;
  private final @Nullable Predicate<AggregateGroup> having;
  private final @Nullable Comparator<AggregateGroup> order;
  private final @Nullable Integer take;

  GroupByQuery(List<String> by, BiFunction<List<String>, Aggregation, List<AggregateGroup>> run) {
    this(by, run, Aggregation.of(), null, null, null);
  }

  private GroupByQuery(List<String> by,
      BiFunction<List<String>, Aggregation, List<AggregateGroup>> run, Aggregation aggregation,
      @Nullable Predicate<AggregateGroup> having, @Nullable Comparator<AggregateGroup> order,
      @Nullable Integer take) {
    this.by = List.copyOf(by);
    this.run = run;
    this.aggregation = aggregation;
    this.having = having;
    this.order = order;
    this.take = take;
  }

  /** Sets the figures computed per group besides the count. */
  public GroupByQuery aggregate(Aggregation figures) {
    return new GroupByQuery(by, run, figures, having, order, take);
  }

  /** Keeps the groups that pass {@code condition} (for example {@code g -> g.count() > 5}). */
  public GroupByQuery having(Predicate<AggregateGroup> condition) {
    return new GroupByQuery(by, run, aggregation, condition, order, take);
  }

  /** Orders the groups (for example {@code Comparator.comparingLong(AggregateGroup::count)}). */
  public GroupByQuery orderBy(Comparator<AggregateGroup> comparator) {
    return new GroupByQuery(by, run, aggregation, having, comparator, take);
  }

  /** Returns at most {@code n} groups, after {@code having} and {@code orderBy}. */
  public GroupByQuery take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("take must not be negative, got " + n);
    }
    return new GroupByQuery(by, run, aggregation, having, order, n);
  }

  /**
   * Reads the groups.
   *
   * @throws AggregateIndexRequiredException when a {@code by} field is not pinned or no
   *     aggregate index serves the filter, without allowFullScan on the query
   */
  public List<AggregateGroup> list() {
    List<AggregateGroup> groups = new ArrayList<>(run.apply(by, aggregation));
    if (having != null) {
      groups.removeIf(having.negate());
    }
    if (order != null) {
      groups.sort(order);
    }
    return take == null || take >= groups.size() ? groups : groups.subList(0, take);
  }
}
