package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.or;
import static dev.betterconvex.orm.schema.FieldType.float64;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Aggregate reads by rows read (the engine's documents-read counter) and statements, which do
 * not grow with the table; group-by; the refusals and their messages; row-level security.
 */
class AggregateQueryTests {

  static final Schema SCHEMA = Schema.builder()
      .table("events", t -> {
        t.field("tenant", string()).notNull();
        t.field("kind", string());
        t.field("amount", int64());
        t.field("at", float64());
        t.aggregateIndex("agg_tenant").on("tenant").sum("amount").min("at").max("at");
        t.aggregateIndex("agg_tenant_kind").on("tenant", "kind").sum("amount");
      })
      .table("plain", t -> t.field("n", int64()))
      .build();

  private static final String[] KINDS = {"click", "view", "buy"};

  private StatementCounter counter;
  private ConvexEngine engine;
  private ConvexOrm orm;
  private ConvexMutations mutations;

  private void start(TestDatabase db) {
    counter = new StatementCounter(db.dataSource());
    engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
    mutations = new ConvexMutations(orm);
  }

  /** Inserts {@code n} events of {@code tenant}: kinds in turn, amount i, at i. */
  private void insert(String tenant, int n) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Map.of("tenant", tenant, "kind", KINDS[i % 3], "amount", (long) i,
          "at", (double) i));
      if (rows.size() == 1_000) {
        mutations.insert("events").values(rows).execute();
        rows.clear();
      }
    }
    if (!rows.isEmpty()) {
      mutations.insert("events").values(rows).execute();
    }
  }

  /** The documents read and statements run by {@code read}. */
  private long[] cost(Supplier<?> read) {
    long before = engine.statistics().documentsRead();
    counter.reset();
    read.get();
    return new long[] {engine.statistics().documentsRead() - before, counter.reads()};
  }

  @DatabaseTest
  void countAndAggregateReadBucketsNotRowsWhateverTheTableSize(TestDatabase db) {
    start(db);
    insert("other", 10);
    insert("acme", 2_000);
    FindQuery<?> acme = orm.query("events").where(eq("tenant", "acme"));
    Aggregation figures = Aggregation.of().sum("amount").avg("amount").min("at").max("at");

    assertThat(acme.count()).isEqualTo(2_000);
    AggregateResult result = acme.aggregate(figures);
    assertThat(result.sum("amount")).isEqualByComparingTo(BigDecimal.valueOf(1_999L * 2_000 / 2));
    assertThat(result.avg("amount")).isEqualTo(999.5);
    assertThat(result.min("at")).isEqualTo(new ConvexFloat64(0));
    assertThat(result.max("at")).isEqualTo(new ConvexFloat64(1_999));
    long[] count = cost(acme::count);
    long[] aggregate = cost(() -> acme.aggregate(figures));
    assertThat(count).as("count: one bucket row, one statement").containsExactly(1, 1);
    assertThat(aggregate).as("aggregate: the bucket, the first and last entry of at")
        .containsExactly(3, 3);

    insert("acme", 8_000);
    assertThat(acme.count()).isEqualTo(10_000);
    assertThat(cost(acme::count)).as("count after the table grew").containsExactly(count);
    assertThat(cost(() -> acme.aggregate(figures))).as("aggregate after the table grew")
        .containsExactly(aggregate);
    FindQuery<?> kinds = orm.query("events").where(and(eq("tenant", "acme"),
        in("kind", "click", "buy")));
    assertThat(kinds.aggregate(Aggregation.of().sum("amount")).count())
        .isEqualTo(667 + 666 + 2_667 + 2_666);
    assertThat(cost(() -> kinds.aggregate(Aggregation.of().sum("amount"))))
        .as("one bucket per value of the in").containsExactly(2, 2);
    assertThat(orm.query("events").where(and(eq("tenant", "acme"),
        or(eq("kind", "click"), eq("kind", "buy")))).count())
        .as("an or of eq on one field is an in").isEqualTo(667 + 666 + 2_667 + 2_666);
    assertThat(cost(() -> orm.query("events").count()))
        .as("every bucket of agg_tenant: one per tenant").containsExactly(2, 1);
    assertThat(orm.query("events").count()).isEqualTo(10_010);
  }

  @DatabaseTest
  void groupByReadsTheBucketsOfThePinnedValues(TestDatabase db) {
    start(db);
    insert("acme", 30);
    insert("other", 4);
    List<AggregateGroup> groups = orm.query("events")
        .where(and(in("tenant", "acme", "other", "nobody"), in("kind", "view", "click", "none")))
        .groupBy("tenant", "kind").aggregate(Aggregation.of().sum("amount")).list();

    assertThat(groups).extracting(g -> g.key("tenant") + "/" + g.key("kind") + "=" + g.count())
        .containsExactly("\"acme\"/\"click\"=10", "\"acme\"/\"view\"=10",
            "\"other\"/\"click\"=2", "\"other\"/\"view\"=1");
    assertThat(groups.get(0).result().sum("amount")).isEqualByComparingTo("135");

    List<AggregateGroup> top = orm.query("events").where(and(eq("tenant", "acme"),
        in("kind", KINDS))).groupBy("kind").aggregate(Aggregation.of().sum("amount"))
        .having(Having.count().gte(10))
        .orderBy(GroupOrder.sum("amount").desc())
        .take(2).list();
    assertThat(top).extracting(g -> g.key("kind")).containsExactly(new ConvexString("buy"),
        new ConvexString("view"));
    assertThat(orm.query("events").where(in("tenant", "acme")).groupBy("tenant").list())
        .singleElement().extracting(AggregateGroup::count).isEqualTo(30L);
  }

  @DatabaseTest
  void aFilterNoAggregateIndexServesIsRefusedNamingItUnlessTheRowsMayBeRead(TestDatabase db) {
    start(db);
    insert("acme", 12);
    assertThatThrownBy(() -> orm.query("events").where(and(eq("tenant", "acme"),
        gt("amount", 5))).count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("count on table \"events\"")
        .hasMessageContaining("gt(amount, 5n)")
        .hasMessageContaining("allowFullScan()");
    assertThat(orm.query("events").where(and(eq("tenant", "acme"), gt("amount", 5)))
        .allowFullScan().count()).isEqualTo(6);

    assertThatThrownBy(() -> orm.query("events").where(eq("tenant", "acme"))
        .aggregate(Aggregation.of().sum("at")))
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("pinned fields [\"tenant\"]")
        .hasMessageContaining("sum [\"at\"]")
        .hasMessageContaining("@AggregateIndex(name = \"agg_by_tenant\", on = {\"tenant\"}, "
            + "sum = {\"at\"})")
        .hasMessageContaining("aggregateIndex(\"agg_by_tenant\").on(\"tenant\").sum(\"at\")");
    assertThat(orm.query("events").where(eq("tenant", "acme")).allowFullScan()
        .aggregate(Aggregation.of().sum("at")).sum("at")).isEqualByComparingTo("66");

    assertThatThrownBy(() -> orm.query("events").where(eq("kind", "view")).count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("no aggregate index of the table has the pinned fields [\"kind\"]");
    assertThatThrownBy(() -> orm.query("events").where(eq("tenant", "acme")).groupBy("kind")
        .list())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("groupBy field \"kind\" must be pinned");
    assertThat(orm.query("events").where(eq("tenant", "acme")).allowFullScan().groupBy("kind")
        .list()).extracting(AggregateGroup::count).containsExactly(4L, 4L, 4L);
    assertThatThrownBy(() -> orm.query("events").where(eq("tenant", "acme"))
        .aggregate(Aggregation.of()).sum("amount"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not requested");

    // A table without aggregate indexes counts its rows as before.
    mutations.insert("plain").values(Map.of("n", 1L)).execute();
    assertThat(orm.query("plain").allowFullScan().count()).isEqualTo(1);
    assertThatThrownBy(() -> orm.query("plain").aggregate(Aggregation.of()))
        .isInstanceOf(AggregateIndexRequiredException.class);
    assertThat(orm.query("events").where(eq("tenant", "nobody")).count()).isZero();
    assertThat(orm.query("events").where(eq("_id", "malformed")).count()).isZero();
  }

  @DatabaseTest
  void aggregatesSeeTheirTransactionsWritesAndRollBackWithThem(TestDatabase db) {
    start(db);
    insert("acme", 3);
    long inside = engine.mutation(tx -> {
      tx.insert("events", Map.of("tenant", "acme", "kind", "view", "amount", 100L));
      tx.insert("events", Map.of("tenant", "acme", "kind", "view", "amount", 1L));
      return orm.query("events").where(eq("tenant", "acme")).count();
    });
    assertThat(inside).as("the buffered inserts are sent before the bucket is read")
        .isEqualTo(5);
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.insert("events", Map.of("tenant", "acme", "kind", "view", "amount", 7L));
      dev.betterconvex.orm.store.EngineInternals.of(tx).flush("events");
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    AggregateResult after = orm.query("events").where(eq("tenant", "acme"))
        .aggregate(Aggregation.of().sum("amount").max("at"));
    assertThat(after.count()).isEqualTo(5);
    assertThat(after.sum("amount")).isEqualByComparingTo("104");
    assertThat(after.max("at")).isEqualTo(new ConvexFloat64(2));
  }

  private ConvexOrm as(RowLevelSecurity rls, PolicyContext context) {
    return orm.withRowLevelSecurity(rls, () -> context);
  }

  @DatabaseTest
  void underRowLevelSecurityOnlyTheBucketsOfThePolicyKeysAreRead(TestDatabase db) {
    start(db);
    insert("acme", 9);
    insert("globex", 5);
    RowLevelSecurity tenant = RowLevelSecurity.builder()
        .policy(Policy.permissive("tenant", "events")
            .using(Condition.where(ctx -> eq("tenant", ctx.attribute("tenantId")))).build())
        .build();
    ConvexOrm acme = as(tenant, PolicyContext.of("ada", Set.of()).withAttribute("tenantId",
        "acme"));

    assertThat(acme.query("events").count()).isEqualTo(9);
    assertThat(cost(() -> acme.query("events").count())).containsExactly(1, 1);
    assertThat(acme.query("events").where(eq("tenant", "globex")).count()).isZero();
    assertThat(acme.query("events").where(eq("kind", "view")).count())
        .as("the policy pins tenant, the where kind: agg_tenant_kind").isEqualTo(3);
    assertThat(acme.query("events").aggregate(Aggregation.of().sum("amount")).sum("amount"))
        .isEqualByComparingTo("36");
    assertThat(acme.query("events").groupBy("tenant").list()).singleElement()
        .extracting(AggregateGroup::count).isEqualTo(9L);
    ConvexOrm noTenant = as(tenant, PolicyContext.of("bob", Set.of()));
    assertThat(noTenant.query("events").count()).as("an absent tenant grants nothing").isZero();

    RowLevelSecurity predicate = RowLevelSecurity.builder()
        .policy(Policy.permissive("java tenant", "events")
            .using(Condition.test((row, ctx) -> "acme".equals(row.getJava("tenant")))).build())
        .build();
    ConvexOrm javaPolicy = as(predicate, PolicyContext.of("ada", Set.of()));
    assertThatThrownBy(() -> javaPolicy.query("events").where(eq("tenant", "globex")).count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("\"java tenant\"").hasMessageContaining("Java predicate");
    assertThat(javaPolicy.query("events").where(eq("tenant", "globex")).allowFullScan().count())
        .as("the rows read, the predicate applied").isZero();

    RowLevelSecurity range = RowLevelSecurity.builder()
        .policy(Policy.permissive("small amounts", "events")
            .using(Condition.where(ctx -> gt("amount", 3))).build())
        .build();
    assertThatThrownBy(() -> as(range, PolicyContext.of("ada", Set.of())).query("events")
        .where(eq("tenant", "acme")).aggregate(Aggregation.of()))
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("policy [\"small amounts\"]")
        .hasMessageContaining("gt(amount, 3n)");

    RowLevelSecurity two = RowLevelSecurity.builder()
        .policy(Policy.permissive("tenant", "events")
            .using(Condition.where(ctx -> eq("tenant", ctx.attribute("tenantId")))).build())
        .policy(Policy.permissive("public kind", "events")
            .using(Condition.where(ctx -> eq("kind", "view"))).build())
        .build();
    assertThatThrownBy(() -> as(two, PolicyContext.of("ada", Set.of())
        .withAttribute("tenantId", "acme")).query("events").count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("policies [\"tenant\", \"public kind\"]");
  }
}
