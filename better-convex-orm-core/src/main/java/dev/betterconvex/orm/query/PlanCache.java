package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The planner's choices for the query shapes whose plan depends only on which fields are pinned:
 * filters whose field constraints are single equalities ({@link Planner#equalities}), such as a
 * read by id, by a foreign key or by a unique key, or no filter at all. Such a shape gets the same
 * index, order, strategy and reason whatever the values, so the planner runs once per shape and
 * every later call only compiles its one range from the values (through
 * {@link IndexRange#compile}, as the planner does). The plan is the one {@link Planner#plan}
 * returns, field for field. Other shapes are planned on every call. Thread-safe.
 */
final class PlanCache {

  /** The most shapes kept; past it, new shapes are planned on every call. */
  static final int MAX_SHAPES = 1_024;

  private final ConcurrentMap<Shape, Template> templates = new ConcurrentHashMap<>();

  /**
   * A query shape: the table, the pinned fields (in the order of the filter's conjuncts; the
   * same fields in another order are another shape, with the same plan) and the order.
   */
  private static final class Shape {

    private final String table;
    private final String[] pinned;
    private final List<Sort> orderBy;
    private final int hash;

    Shape(String table, String[] pinned, List<Sort> orderBy) {
      this.table = table;
      this.pinned = pinned;
      this.orderBy = orderBy;
      this.hash = (table.hashCode() * 31 + Arrays.hashCode(pinned)) * 31 + orderBy.hashCode();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Shape s && s.hash == hash && s.table.equals(table)
          && Arrays.equals(s.pinned, pinned) && s.orderBy.equals(orderBy);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * What the planner chose for a shape: the index, its pinned fields in key order, whether the
   * probe's positions skip the equality prefix, the scan order, strategy and reason.
   */
  private record Template(TableSchema table, IndexSchema index, List<String> pinned,
      boolean prefixPositions, Order scanOrder, QueryPlan.OrderStrategy strategy,
      boolean fullScan, String reason) {
  }

  /** Plans as {@link Planner#plan} does, from the shape's template when there is one. */
  QueryPlan plan(TableSchema table, Filter where, List<Sort> orderBy,
      Planner.@Nullable ExplicitIndex explicit, @Nullable Integer limit, int offset,
      boolean allowFullScan) {
    Planner.Equalities values = explicit == null ? Planner.equalities(where) : null;
    if (values == null) {
      return Planner.plan(table, where, orderBy, explicit, limit, offset, allowFullScan);
    }
    Shape shape = new Shape(table.name(), values.fields(), orderBy);
    Template template = templates.get(shape);
    if (template == null || template.table() != table) {
      QueryPlan plan = Planner.plan(table, where, orderBy, null, limit, offset, allowFullScan);
      remember(shape, table, plan);
      return plan;
    }
    List<IndexRange.Expression> expressions = new ArrayList<>(template.pinned().size());
    for (String field : template.pinned()) {
      expressions.add(new IndexRange.Expression(IndexRange.Operator.EQ, field,
          values.value(field)));
    }
    IndexRange range = IndexRange.compile(table.name(), template.index(), expressions);
    int prefixLength = template.prefixPositions() ? IndexSource.equalityPrefixLength(range) : 0;
    return new QueryPlan(table.name(), template.index().name(),
        List.of(new QueryPlan.Probe(range, prefixLength)), where, orderBy, template.scanOrder(),
        template.strategy(), template.fullScan(), allowFullScan, limit, offset,
        template.reason());
  }

  /** Keeps the choice of a one-probe equality plan (every such plan is one). */
  private void remember(Shape shape, TableSchema table, QueryPlan plan) {
    if (plan.probes().size() != 1 || templates.size() >= MAX_SHAPES) {
      return;
    }
    QueryPlan.Probe probe = plan.probes().get(0);
    List<String> pinned = new ArrayList<>(probe.range().equalityCount());
    for (IndexRange.Expression e : probe.range().expressions()) {
      if (e.operator() != IndexRange.Operator.EQ) {
        return;
      }
      pinned.add(e.field());
    }
    IndexSchema index = probe.range().index();
    Shape kept = new Shape(shape.table, shape.pinned, List.copyOf(shape.orderBy));
    templates.put(kept, new Template(table, index, List.copyOf(pinned),
        probe.prefixLength() > 0, plan.scanOrder(), plan.orderStrategy(), plan.fullScan(),
        plan.reason()));
  }
}
