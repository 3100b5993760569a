package dev.betterconvex.orm.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The plan cache returns the planner's plan, field for field: random filters (equalities with
 * random values, sometimes with conjuncts the planner cannot use or constraints that make the
 * shape uncacheable) planned by one shared cache, each compared with a fresh plan.
 */
class PlanCacheProperties {

  private static final TableSchema POSTS = Schema.builder()
      .table("posts", t -> {
        t.field("orgId", FieldType.string());
        t.field("status", FieldType.string());
        t.field("a", FieldType.int64());
        t.field("b", FieldType.int64());
        t.field("c", FieldType.int64());
        t.index("by_org", "orgId");
        t.index("by_org_status", "orgId", "status");
        t.index("by_status", "status");
        t.index("by_ab", "a", "b");
        t.index("by_abc", "a", "b", "c");
      })
      .build().requireTable("posts");

  private static final List<String> FIELDS = List.of("orgId", "status", "a", "b", "c", "_id");

  /** One cache for every try, so that later tries reuse the shapes of earlier ones. */
  private static final PlanCache CACHE = new PlanCache();

  record Query(List<Filter> conjuncts, List<Sort> orderBy, int limit) {
  }

  @Property(tries = 400)
  void aCachedPlanIsThePlannersPlan(@ForAll("queries") Query query) {
    Filter where = query.conjuncts().size() == 1 ? query.conjuncts().get(0)
        : new Filter.And(query.conjuncts());
    // twice: the first call may plan the shape, the second uses its template
    for (int i = 0; i < 2; i++) {
      assertThat(outcome(() -> CACHE.plan(POSTS, where, query.orderBy(), null, query.limit(), 0,
          false))).isEqualTo(outcome(() -> Planner.plan(POSTS, where, query.orderBy(), null,
          query.limit(), 0, false)));
    }
  }

  /** The plan's description, or the exception planning threw. */
  private static List<Object> outcome(java.util.function.Supplier<QueryPlan> planning) {
    try {
      return describe(planning.get());
    }
    catch (RuntimeException ex) {
      return List.of(ex.getClass().getName(), String.valueOf(ex.getMessage()));
    }
  }

  /** Everything a plan says, its ranges' keys included. */
  private static List<Object> describe(QueryPlan plan) {
    List<Object> all = new ArrayList<>(List.of(plan.toString(), plan.table(), plan.index(),
        plan.postFilter(), plan.orderBy(), plan.scanOrder(), plan.orderStrategy(),
        plan.fullScan(), plan.fullScanAllowed(), String.valueOf(plan.limit()), plan.offset(),
        plan.reason()));
    for (QueryPlan.Probe probe : plan.probes()) {
      all.add(List.of(probe.range().toString(), probe.range().equalityCount(),
          probe.prefixLength(),
          java.util.Arrays.toString(probe.range().startKey()),
          String.valueOf(java.util.Arrays.toString(probe.range().endKey()))));
    }
    return all;
  }

  @Provide
  Arbitrary<Query> queries() {
    Arbitrary<Filter> eq = Combinators.combine(Arbitraries.of(FIELDS), value())
        .as((f, v) -> new Filter.Compare(f, Filter.Op.EQ, v));
    Arbitrary<Filter> gt = Combinators.combine(Arbitraries.of(FIELDS), value())
        .as((f, v) -> new Filter.Compare(f, Filter.Op.GT, v));
    Arbitrary<Filter> in = Combinators.combine(Arbitraries.of(FIELDS), value(), value())
        .as((f, v, w) -> new Filter.In(f, List.of(v, w), false));
    Arbitrary<Filter> unusable = Combinators.combine(Arbitraries.of(FIELDS), value(), value())
        .as((f, v, w) -> Filters.or(new Filter.Compare(f, Filter.Op.EQ, v),
            new Filter.Compare("c", Filter.Op.EQ, w)));
    Arbitrary<Filter> conjunct = Arbitraries.oneOf(eq, eq, eq, eq, eq, eq, gt, in, unusable);
    Arbitrary<Sort> sort = Combinators.combine(
        Arbitraries.of("orgId", "status", "a", "b", "_creationTime"), Arbitraries.of(true, false))
        .as(Sort::new);
    return Combinators.combine(conjunct.list().ofMinSize(0).ofMaxSize(4),
        sort.list().ofMaxSize(2), Arbitraries.integers().between(1, 5)).as(Query::new);
  }

  private static Arbitrary<ConvexValue> value() {
    return Arbitraries.of(ConvexNull.INSTANCE, new ConvexInt64(0), new ConvexInt64(7),
        new ConvexString(""), new ConvexString("x"), new ConvexString("org-1"));
  }
}
