package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.between;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.isMissing;
import static dev.betterconvex.orm.filter.Filters.isNotNull;
import static dev.betterconvex.orm.filter.Filters.isNull;
import static dev.betterconvex.orm.filter.Filters.isPresent;
import static dev.betterconvex.orm.filter.Filters.lt;
import static dev.betterconvex.orm.filter.Filters.ne;
import static dev.betterconvex.orm.filter.Filters.notBetween;
import static dev.betterconvex.orm.filter.Filters.notIn;
import static dev.betterconvex.orm.filter.Filters.or;
import static dev.betterconvex.orm.filter.Filters.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.FilterInternals;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlannerTests {

  private static final TableSchema POSTS = Schema.builder()
      .table("posts", t -> {
        t.field("orgId", FieldType.string());
        t.field("authorId", FieldType.string());
        t.field("status", FieldType.string());
        t.field("title", FieldType.string());
        t.field("publishedAt", FieldType.float64());
        t.field("a", FieldType.int64());
        t.field("b", FieldType.int64());
        t.field("c", FieldType.int64());
        t.index("by_org", "orgId");
        t.index("by_org_published", "orgId", "publishedAt");
        t.index("by_status", "status");
        t.index("by_title", "title");
        t.index("by_ab", "a", "b");
        t.index("by_abc", "a", "b", "c");
      })
      .build().requireTable("posts");

  private static QueryPlan plan(Filter where, Sort... orderBy) {
    FilterResolver resolver = FilterInternals.resolver(POSTS, (t, id) -> false);
    return Planner.plan(POSTS, resolver.resolve(where), List.of(orderBy), null, 10, 0, false);
  }

  private static List<String> ranges(QueryPlan plan) {
    return plan.probes().stream().map(p -> p.range().toString()).toList();
  }

  @Test
  void anEqualityOnTheSecondFieldOfACompoundIndexPushesNothingIntoIt() {
    QueryPlan plan = plan(eq("b", 2));
    assertThat(plan.index()).isNotIn("by_ab", "by_abc");
    assertThat(plan.fullScan()).isTrue();
    assertThat(ranges(plan)).containsExactly("by_creation_time (all)");
    assertThat(plan.postFilter()).hasToString("eq(b, 2n)");
  }

  @Test
  void equalitiesInReverseOrderAreReorderedIntoIndexOrder() {
    QueryPlan plan = plan(and(eq("b", 2), eq("a", 1)));
    assertThat(plan.index()).isEqualTo("by_ab");
    assertThat(ranges(plan)).containsExactly("by_ab a == 1n AND b == 2n");
    assertThat(plan.reason()).contains("2 fields pinned by equality, exact match");
  }

  @Test
  void anExactMatchBeatsALongerIndexWithTheSamePinnedPrefix() {
    assertThat(plan(and(eq("a", 1), eq("b", 2))).index()).isEqualTo("by_ab");
    assertThat(plan(and(eq("a", 1), eq("b", 2)), Sort.asc("c")).index()).isEqualTo("by_abc");
  }

  @Test
  void theOrderBonusPicksTheIndexWhoseNextFieldServesTheOrder() {
    QueryPlan plan = plan(eq("orgId", "o1"), Sort.desc("publishedAt"));
    assertThat(plan.index()).isEqualTo("by_org_published");
    assertThat(plan.orderStrategy()).isEqualTo(QueryPlan.OrderStrategy.INDEX);
    assertThat(plan.scanOrder()).isEqualTo(Order.DESC);
    assertThat(ranges(plan)).containsExactly("by_org_published orgId == \"o1\"");

    QueryPlan unordered = plan(eq("orgId", "o1"));
    assertThat(unordered.index()).isEqualTo("by_org");
  }

  @Test
  void anOrderNoIndexServesIsSortedAfterReading() {
    QueryPlan plan = plan(eq("orgId", "o1"), Sort.asc("title"));
    assertThat(plan.orderStrategy()).isEqualTo(QueryPlan.OrderStrategy.SORT_AFTER_READ);
    assertThat(plan.index()).isIn("by_org", "by_org_published");
  }

  @Test
  void inAndSameFieldOrBecomeProbes() {
    QueryPlan plan = plan(in("status", "active", "pending"), Sort.desc("_creationTime"));
    assertThat(plan.index()).isEqualTo("by_status");
    assertThat(ranges(plan)).containsExactlyInAnyOrder("by_status status == \"active\"",
        "by_status status == \"pending\"");
    assertThat(plan.orderStrategy()).isEqualTo(QueryPlan.OrderStrategy.INDEX);
    assertThat(ranges(plan(or(eq("status", "a"), eq("status", "b"), eq("status", "a")))))
        .hasSize(2);
    assertThat(ranges(plan(and(in("a", 1, 2), in("b", 3, 4, 5))))).hasSize(6);
  }

  @Test
  void inWithTwoHundredValuesReadsOneRangePerValueInIndexOrder() {
    List<Object> values = new ArrayList<>();
    IntStream.range(0, 200).forEach(i -> values.add("s" + i));
    QueryPlan plan = plan(in("status", values));
    assertThat(plan.index()).isEqualTo("by_status");
    assertThat(plan.fullScan()).isFalse();
    assertThat(plan.probes()).hasSize(200);
    assertThat(plan.probes()).allSatisfy(p -> assertThat(p.prefixLength()).isZero());
    assertThat(plan.toString()).contains("ranges (200 probes, read one after another in index "
        + "order):", "  by_status status == \"s0\"\n", "  ... and 190 more\n");
    QueryPlan ordered = plan(in("status", values), Sort.desc("_creationTime"));
    assertThat(ordered.probes()).hasSize(200)
        .allSatisfy(p -> assertThat(p.prefixLength()).isPositive());
    assertThat(ordered.toString()).contains("ranges (200 probes, merged by the order):");
  }

  @Test
  void anInPastTheCeilingIsRefusedNamingTheFieldTheValuesAndTheCeiling() {
    List<Object> values = new ArrayList<>();
    IntStream.range(0, Planner.MAX_PROBES + 1).forEach(i -> values.add("s" + i));
    assertThat(plan(in("status", values.subList(0, Planner.MAX_PROBES))).probes())
        .hasSize(Planner.MAX_PROBES);
    assertThatThrownBy(() -> plan(in("status", values)))
        .isInstanceOf(UnboundedQueryException.class)
        .hasMessageContaining("field \"status\" of table \"posts\" has 1025 values")
        .hasMessageContaining("ceiling of 1024 index ranges");
    // Another index narrows the read: no scan, so no refusal (status is post-filtered).
    assertThat(plan(and(in("status", values), eq("orgId", "acme"))).index()).isEqualTo("by_org");
    // A complement of many values is not an index union: it stays a filtered scan.
    assertThat(plan(notIn("status", values)).fullScan()).isTrue();
  }

  @Test
  void aCrossProductPastTheCeilingPinsOnlyTheLeadingFields() {
    List<Object> forty = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> forty.add((long) i));
    QueryPlan plan = plan(and(in("a", forty), in("b", forty)));
    assertThat(plan.index()).isIn("by_ab", "by_abc");
    assertThat(plan.probes()).hasSize(40);
  }

  @Test
  void isMissingIsAnEqualityOnTheMissingValueAndIsPresentTheRangeFromNull() {
    assertThat(ranges(plan(isMissing("status")))).containsExactly("by_status status == undefined");
    assertThat(ranges(plan(isPresent("status")))).containsExactly("by_status status >= null");
    assertThat(ranges(plan(and(eq("a", 1), isMissing("b")))))
        .containsExactly("by_ab a == 1n AND b == undefined");
    assertThat(ranges(plan(and(isNull("status"), isPresent("status")))))
        .containsExactly("by_status status == null");
    assertThat(plan(and(isMissing("status"), eq("status", "x"))).readsNothing()).isTrue();
  }

  @Test
  void negationsBecomeComplementRanges() {
    assertThat(ranges(plan(ne("status", "x")))).containsExactly(
        "by_status status < \"x\"", "by_status status > \"x\"");
    assertThat(ranges(plan(notIn("status", "x", "y")))).containsExactly(
        "by_status status < \"x\"", "by_status status > \"x\" AND status < \"y\"",
        "by_status status > \"y\"");
    assertThat(ranges(plan(isNotNull("status")))).containsExactly("by_status status > null");
    assertThat(ranges(plan(notBetween("a", 3, 5)))).containsExactly(
        "by_ab a < 3n", "by_ab a > 5n");
    assertThat(ranges(plan(isNull("status")))).containsExactly(
        "by_status status == undefined", "by_status status == null");
  }

  @Test
  void startsWithBecomesARangeUpToTheSuccessor() {
    assertThat(ranges(plan(startsWith("title", "ab")))).containsExactly(
        "by_title title >= \"ab\" AND title < \"ac\"");
    assertThat(ranges(plan(startsWith("title", "")))).containsExactly(
        "by_title title >= \"\" AND title < bytes()");
  }

  @Test
  void rangesOnOneFieldAreIntersected() {
    assertThat(ranges(plan(and(gt("a", 1), lt("a", 9), between("a", 0, 5)))))
        .containsExactly("by_ab a > 1n AND a <= 5n");
    QueryPlan contradiction = plan(and(gt("a", 5), lt("a", 3)));
    assertThat(contradiction.readsNothing()).isTrue();
  }

  @Test
  void filtersThatCanMatchNothingReadNothing() {
    assertThat(plan(in("status", List.of())).readsNothing()).isTrue();
    assertThat(plan(eq("_id", "not-an-id")).readsNothing()).isTrue();
    assertThat(plan(and(eq("orgId", "o"), eq("_id", "nope"))).readsNothing()).isTrue();
  }

  @Test
  void integralLiteralsComparedWithAFloatFieldAreFloats() {
    assertThat(ranges(plan(and(eq("orgId", "o"), gt("publishedAt", 5)))))
        .containsExactly("by_org_published orgId == \"o\" AND publishedAt > 5.0");
  }
}
