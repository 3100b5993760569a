package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.isMissing;
import static dev.betterconvex.orm.filter.Filters.isNull;
import static dev.betterconvex.orm.schema.FieldType.float64;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.AggregateSum;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Aggregate indexes against a brute-force computation over the same rows, after random inserts,
 * updates, replaces and deletes (through the ORM and the low-level API), foreign-key cascades and
 * several writes of one row in one transaction (seed: system property {@code aggregates.seed},
 * default 16): count, sum, avg, min and max are exactly equal,
 * always, for every bucket, prefix and in-list.
 */
class AggregateIndexTests {

  static final Schema SCHEMA = Schema.builder()
      .table("orgs", t -> t.field("name", string()))
      .table("items", t -> {
        t.field("orgId", id("orgs")).notNull().references("orgs", ReferentialAction.CASCADE);
        t.field("status", string());
        t.field("views", int64());
        t.field("score", float64());
        t.index("by_org", "orgId");
        t.aggregateIndex("agg_org_status").on("orgId", "status").sum("views", "score")
            .min("views", "score").max("views", "score");
        t.aggregateIndex("agg_org").on("orgId").sum("views");
      })
      .build();

  private static final Aggregation ALL = Aggregation.of().sum("views", "score")
      .avg("views", "score").min("views", "score").max("views", "score");

  private final Random random = new Random(Long.getLong("aggregates.seed", 16));
  private final List<String> orgs = new ArrayList<>();
  private final List<String> deletedOrgs = new ArrayList<>();
  private ConvexEngine engine;
  private ConvexOrm orm;
  private ConvexMutations mutations;

  private void start(TestDatabase db) {
    engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
    mutations = new ConvexMutations(orm);
    for (int i = 0; i < 3; i++) {
      orgs.add(newOrg());
    }
  }

  private String newOrg() {
    return mutations.insert("orgs").values(Map.of("name", "org")).returning().execute().rows()
        .get(0).id();
  }

  private Map<String, @Nullable Object> randomItem(String org) {
    Map<String, @Nullable Object> row = new HashMap<>();
    row.put("orgId", org);
    putRandom(row);
    return row;
  }

  /** Random status, views and score: sometimes missing, sometimes null. */
  private void putRandom(Map<String, @Nullable Object> row) {
    int s = random.nextInt(5);
    if (s < 3) {
      row.put("status", s == 0 ? "a" : s == 1 ? "b" : null);
    }
    int v = random.nextInt(10);
    if (v < 8) {
      row.put("views", v == 0 ? null : v == 1 ? Long.MAX_VALUE - random.nextInt(3)
          : (long) random.nextInt(41) - 20);
    }
    int f = random.nextInt(12);
    if (f < 10) {
      row.put("score", f == 0 ? null : f == 1 ? Double.NaN : f == 2 ? 1e300 * random.nextInt(3)
          : random.nextInt(2000) / 7.0 - 100);
    }
  }

  private String anyOrg() {
    return orgs.get(random.nextInt(orgs.size()));
  }

  private List<Document> allItems() {
    return orm.query("items").allowFullScan().findMany();
  }

  private void step() {
    List<Document> items = allItems();
    int op = random.nextInt(10);
    if (op < 3 || items.isEmpty()) {
      List<Map<String, @Nullable Object>> rows = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
        rows.add(randomItem(anyOrg()));
      }
      mutations.insert("items").values(rows).execute();
      return;
    }
    Document target = items.get(random.nextInt(items.size()));
    switch (op) {
      case 3 -> {
        Map<String, @Nullable Object> set = new HashMap<>();
        putRandom(set);
        if (random.nextBoolean()) {
          set.put("orgId", anyOrg());
        }
        if (!set.isEmpty()) {
          mutations.update("items").set(set).where(eq("_id", target.id())).execute();
        }
      }
      case 4 -> mutations.update("items").set(Map.of("views", (long) random.nextInt(9)))
          .where(eq("orgId", anyOrg())).execute();
      case 5 -> mutations.delete("items").where(eq("_id", target.id())).execute();
      case 6 -> engine.mutation(tx -> {
        // Low-level writes: a patch that unsets a field, a replace, in one transaction.
        tx.patch(target.id(), Map.of("status", DatabaseWriter.UNSET));
        Map<String, @Nullable Object> replaced = randomItem(anyOrg());
        tx.replace(target.id(), replaced);
        return null;
      });
      case 7 -> engine.mutation(tx -> {
        // A buffered insert, then a patch and a delete of rows of the same table.
        String id = tx.insert("items", randomItem(anyOrg()));
        tx.patch(id, Map.of("views", 3L));
        tx.delete(target.id());
        return null;
      });
      case 8 -> {
        if (random.nextInt(4) == 0) {
          String org = orgs.remove(random.nextInt(orgs.size()));
          mutations.delete("orgs").where(eq("_id", org)).execute(); // cascades to its items
          deletedOrgs.add(org);
          orgs.add(newOrg());
        }
      }
      default -> mutations.update("items").set(Map.of("status", "b"))
          .where(and(eq("orgId", target.getJava("orgId")), eq("status", "a"))).execute();
    }
  }

  private static boolean same(@Nullable ConvexValue a, @Nullable ConvexValue b) {
    return ValueOrder.compare(a, b) == 0;
  }

  private void checkEverything() {
    List<Document> items = allItems();
    List<String> allOrgs = new ArrayList<>(orgs);
    allOrgs.addAll(deletedOrgs);
    for (String org : allOrgs) {
      ConvexValue orgValue = new dev.betterconvex.orm.value.ConvexString(org);
      List<Document> ofOrg = items.stream().filter(d -> same(d.get("orgId"), orgValue)).toList();
      check(eq("orgId", org), ofOrg);
      for (String status : List.of("a", "b")) {
        check(and(eq("orgId", org), eq("status", status)), ofOrg.stream()
            .filter(d -> same(d.get("status"), new dev.betterconvex.orm.value.ConvexString(
                status))).toList());
      }
      check(and(eq("orgId", org), in("status", "a", "b")), ofOrg.stream()
          .filter(d -> d.get("status") != null && d.get("status") != ConvexNull.INSTANCE)
          .toList());
      check(and(eq("orgId", org), isNull("status")), ofOrg.stream()
          .filter(d -> d.get("status") == null || d.get("status") == ConvexNull.INSTANCE)
          .toList());
      check(and(eq("orgId", org), isMissing("status")), ofOrg.stream()
          .filter(d -> d.get("status") == null).toList());
    }
    check(in("orgId", allOrgs.toArray()), items);
    assertThat(orm.query("items").where(in("orgId", allOrgs.toArray())).count())
        .isEqualTo(items.size());
  }

  private void check(Filter where, List<Document> expected) {
    AggregateResult result = orm.query("items").where(where).aggregate(ALL);
    String what = where.toString();
    assertThat(result.count()).as("count of " + what).isEqualTo(expected.size());
    assertThat(orm.query("items").where(where).count()).as("count() of " + what)
        .isEqualTo(expected.size());
    for (String field : List.of("views", "score")) {
      AggregateSum sum = AggregateSum.EMPTY;
      ConvexValue min = null;
      ConvexValue max = null;
      BigDecimal exact = BigDecimal.ZERO;
      long values = 0;
      boolean nonFinite = false;
      for (Document d : expected) {
        ConvexValue v = d.get(field);
        if (v == null || v == ConvexNull.INSTANCE) {
          continue;
        }
        values++;
        sum = sum.plus(AggregateSum.of(v));
        if (v instanceof dev.betterconvex.orm.value.ConvexInt64 i) {
          exact = exact.add(BigDecimal.valueOf(i.value()));
        } else {
          double x = ((dev.betterconvex.orm.value.ConvexFloat64) v).value();
          if (Double.isFinite(x)) {
            exact = exact.add(new BigDecimal(x));
          } else {
            nonFinite = true;
          }
        }
        min = min == null || ValueOrder.compare(v, min) < 0 ? v : min;
        max = max == null || ValueOrder.compare(v, max) > 0 ? v : max;
      }
      assertThat(result.sumAsDouble(field)).as("sum of " + field + " for " + what)
          .isEqualTo(values == 0 ? null : sum.toDouble());
      if (values > 0 && !nonFinite) {
        assertThat(result.sum(field)).as("exact sum of " + field + " for " + what)
            .isEqualByComparingTo(exact);
        assertThat(result.avg(field)).as("avg of " + field + " for " + what)
            .isEqualTo(AggregateResult.average(sum));
      } else if (values == 0) {
        assertThat(result.sum(field)).isNull();
        assertThat(result.avg(field)).isNull();
      }
      assertThat(same(result.min(field), min)).as("min of " + field + " for " + what + ": "
          + result.min(field) + " vs " + min).isTrue();
      assertThat(same(result.max(field), max)).as("max of " + field + " for " + what + ": "
          + result.max(field) + " vs " + max).isTrue();
    }
  }

  @DatabaseTest
  void everyFigureEqualsTheBruteForceOneAfterRandomWrites(TestDatabase db) {
    start(db);
    for (int i = 0; i < 60; i++) {
      step();
      if (i % 6 == 5) {
        checkEverything();
      }
    }
    checkEverything();
  }

  @DatabaseTest
  void groupByPagesEqualTheBruteForceGroupsAfterRandomWrites(TestDatabase db) {
    start(db);
    for (int i = 0; i < 48; i++) {
      step();
      if (i % 8 == 7) {
        checkGroupPages();
      }
    }
  }

  /**
   * Pages of 3 groups of (orgId, status) with a count of at least 2, by the sum of views
   * descending (no value last), then the count ascending, then the key: the same groups, figures
   * and order as computed from the rows.
   */
  private void checkGroupPages() {
    List<String> allOrgs = new ArrayList<>(orgs);
    allOrgs.addAll(deletedOrgs);
    java.util.TreeMap<String, List<Document>> byKey = new java.util.TreeMap<>();
    for (Document d : allItems()) {
      if (d.get("status") instanceof dev.betterconvex.orm.value.ConvexString status) {
        byKey.computeIfAbsent(d.getJava("orgId") + "/" + status.value(), k -> new ArrayList<>())
            .add(d);
      }
    }
    record Expected(String key, long count, @Nullable BigDecimal sum) {
    }
    List<Expected> expected = new ArrayList<>();
    byKey.forEach((key, docs) -> {
      BigDecimal sum = null;
      for (Document d : docs) {
        if (d.get("views") instanceof dev.betterconvex.orm.value.ConvexInt64 v) {
          sum = (sum == null ? BigDecimal.ZERO : sum).add(BigDecimal.valueOf(v.value()));
        }
      }
      if (docs.size() >= 2) {
        expected.add(new Expected(key, docs.size(), sum));
      }
    });
    expected.sort(java.util.Comparator.comparing(Expected::sum,
        java.util.Comparator.nullsLast(java.util.Comparator.<BigDecimal>reverseOrder()))
        .thenComparingLong(Expected::count));
    GroupByQuery query = orm.query("items")
        .where(and(in("orgId", allOrgs.toArray()), in("status", "a", "b")))
        .groupBy("orgId", "status").aggregate(Aggregation.of().sum("views"))
        .having(Having.count().gte(2))
        .orderBy(GroupOrder.sum("views").desc(), GroupOrder.count());
    List<Expected> actual = new ArrayList<>();
    PaginationResult<AggregateGroup> page = query.paginate(PaginationOptions.first(3));
    while (true) {
      for (AggregateGroup g : page.page()) {
        actual.add(new Expected(g.keys().values().stream()
            .map(v -> ((dev.betterconvex.orm.value.ConvexString) v).value())
            .reduce((a, b) -> a + "/" + b).orElseThrow(), g.count(), g.result().sum("views")));
      }
      if (page.isDone()) {
        break;
      }
      page = query.paginate(PaginationOptions.first(3).after(page.continueCursor()));
    }
    assertThat(actual).extracting(Expected::key).isEqualTo(expected.stream()
        .map(Expected::key).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).count()).isEqualTo(expected.get(i).count());
      BigDecimal want = expected.get(i).sum();
      if (want == null) {
        assertThat(actual.get(i).sum()).isNull();
      } else {
        assertThat(actual.get(i).sum()).isEqualByComparingTo(want);
      }
    }
  }
}
