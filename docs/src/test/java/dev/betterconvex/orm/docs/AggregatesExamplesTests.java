package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.AggregateGroup;
import dev.betterconvex.orm.query.AggregateIndexRequiredException;
import dev.betterconvex.orm.query.AggregateResult;
import dev.betterconvex.orm.query.Aggregation;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.GroupByQuery;
import dev.betterconvex.orm.query.GroupOrder;
import dev.betterconvex.orm.query.Having;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.query.RankQuery;
import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
import dev.betterconvex.orm.schema.annotation.RankIndex;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.AggregateIndex;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.RelationCount;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.AggregateRebuild;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexState;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexString;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Runs the examples of docs/aggregates.md. */
class AggregatesExamplesTests {

  @Table(name = "orders")
  @Index(name = "by_tenant", fields = "tenantId")
  @AggregateIndex(name = "agg_tenant", on = "tenantId", sum = "amount", min = "placedAt",
      max = "placedAt")
  @AggregateIndex(name = "agg_tenant_status", on = {"tenantId", "status"}, sum = "amount")
  record Order(@Id @Nullable String id, @NotNull String tenantId, @Nullable String status,
      @Nullable Long amount, @Nullable Double placedAt) {
  }

  static Schema builderSchema() {
    return Schema.builder()
        .table("orders", t -> {
          t.field("tenantId", FieldType.string()).notNull();
          t.field("status", FieldType.string());
          t.field("amount", FieldType.int64());
          t.field("placedAt", FieldType.float64());
          t.index("by_tenant", "tenantId");
          t.aggregateIndex("agg_tenant").on("tenantId").sum("amount").min("placedAt")
              .max("placedAt");
          t.aggregateIndex("agg_tenant_status").on("tenantId", "status").sum("amount");
        })
        .build();
  }

  @DatabaseTest
  void aggregatesExamples(TestDatabase db) {
    assertThat(Schema.fromEntities(Order.class)).isEqualTo(builderSchema());
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), builderSchema()).build();
    ConvexOrm orm = new ConvexOrm(engine);
    engine.mutation(tx -> {
      tx.insert("orders", Map.of("tenantId", "acme", "status", "paid", "amount", 10L,
          "placedAt", 1.0));
      tx.insert("orders", Map.of("tenantId", "acme", "status", "paid", "amount", 30L,
          "placedAt", 3.0));
      tx.insert("orders", Map.of("tenantId", "acme", "status", "open", "amount", 20L,
          "placedAt", 2.0));
      tx.insert("orders", Map.of("tenantId", "globex", "status", "paid", "amount", 5L,
          "placedAt", 1.5));
      return null;
    });
    assertThat(engine.aggregateIndexState("orders", "agg_tenant")).isEqualTo(IndexState.READY);

    FindQuery<Document> acme = orm.query("orders").where(eq("tenantId", "acme"));
    assertThat(acme.count()).isEqualTo(3);
    AggregateResult figures = acme.aggregate(Aggregation.of()
        .sum("amount").avg("amount").min("placedAt").max("placedAt"));
    assertThat(figures.count()).isEqualTo(3);
    assertThat(figures.sum("amount")).isEqualByComparingTo("60");
    assertThat(figures.avg("amount")).isEqualTo(20.0);
    assertThat(figures.min("placedAt")).isEqualTo(new ConvexFloat64(1.0));
    assertThat(figures.max("placedAt")).isEqualTo(new ConvexFloat64(3.0));

    List<AggregateGroup> byStatus = orm.query("orders")
        .where(and(eq("tenantId", "acme"), in("status", "paid", "open", "void")))
        .groupBy("status")
        .aggregate(Aggregation.of().sum("amount"))
        .having(Having.count().gte(1))
        .orderBy(GroupOrder.count().desc())
        .take(10)
        .list();
    assertThat(byStatus).extracting(g -> g.key("status")).containsExactly(
        new ConvexString("paid"), new ConvexString("open"));
    assertThat(byStatus).extracting(AggregateGroup::count).containsExactly(2L, 1L);
    assertThat(byStatus.get(0).result().sum("amount")).isEqualByComparingTo("40");
    assertThat(byStatus.get(1).result().sum("amount")).isEqualByComparingTo("20");

    GroupByQuery bySum = orm.query("orders")
        .where(and(eq("tenantId", "acme"), in("status", "paid", "open", "void")))
        .groupBy("status")
        .aggregate(Aggregation.of().sum("amount"))
        .having(Having.sum("amount").gt(0))
        .orderBy(GroupOrder.sum("amount").desc());
    PaginationResult<AggregateGroup> first = bySum.paginate(PaginationOptions.first(1));
    PaginationResult<AggregateGroup> second =
        bySum.paginate(PaginationOptions.first(1).after(first.continueCursor()));
    assertThat(first.page()).extracting(g -> g.key("status"))
        .containsExactly(new ConvexString("paid"));
    assertThat(first.isDone()).isFalse();
    assertThat(second.page()).extracting(g -> g.key("status"))
        .containsExactly(new ConvexString("open"));
    assertThat(second.isDone()).isTrue();
    assertThatThrownBy(() -> acme.groupBy("tenantId").orderBy(GroupOrder.sum("amount")).list())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderBy sum(\"amount\"): the group-by does not compute "
            + "sum(\"amount\"); add it with aggregate(Aggregation.of().sum(\"amount\"))");
    assertThatThrownBy(() -> bySum.paginate(PaginationOptions.first(1)
        .after(acme.paginate(PaginationOptions.first(1)).continueCursor())))
        .isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("it belongs to another groupBy query");

    AggregateRebuild report = engine.rebuildAggregateIndex("orders", "agg_tenant");
    assertThat(report.bucketsFixed()).isZero();
    assertThat(report.documents()).isEqualTo(4);

    ConvexOrm acmeUser = orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("tenant", "orders")
            .using(Condition.where(ctx -> eq("tenantId", ctx.attribute("tenantId")))).build())
        .build(), () -> PolicyContext.of("ada", Set.of()).withAttribute("tenantId", "acme"));
    assertThat(acmeUser.query("orders").count()).isEqualTo(3);
    assertThat(acmeUser.query("orders").where(eq("status", "paid")).count()).isEqualTo(2);
    assertThat(acmeUser.query("orders").where(eq("tenantId", "globex")).count()).isZero();

    // The error catalogue.
    assertThatThrownBy(() -> acme.where(gt("amount", 5)).count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("is not served by an aggregate index: gt(amount, 5n) is not an "
            + "equality (eq, in, isNull, isMissing) on an on field");
    assertThatThrownBy(() -> acme.aggregate(Aggregation.of().sum("placedAt")))
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("no aggregate index of the table has the pinned fields "
            + "[\"tenantId\"] as its leading on fields and keeps sum [\"placedAt\"]; declare "
            + "@AggregateIndex(name = \"agg_by_tenantId\", on = {\"tenantId\"}, sum = "
            + "{\"placedAt\"}) or aggregateIndex(\"agg_by_tenantId\").on(\"tenantId\")"
            + ".sum(\"placedAt\"), or call allowFullScan()");
    assertThatThrownBy(() -> acme.groupBy("status").list())
        .hasMessageContaining("groupBy field \"status\" must be pinned by the filter (eq or in "
            + "on it, a finite set of groups)");
  }

  @Table(name = "customers")
  record Customer(@Id @Nullable String id, @NotNull String name,
      @Many @Nullable List<Invoice> invoices,
      @RelationCount("invoices") @Nullable Long invoiceCount) {
  }

  @Table(name = "invoices")
  @Index(name = "by_customer", fields = "customerId")
  @AggregateIndex(name = "agg_customer", on = "customerId")
  @AggregateIndex(name = "agg_customer_status", on = {"customerId", "status"})
  record Invoice(@Id @Nullable String id, @References(table = "customers") String customerId,
      @Nullable String status, @Nullable Long total) {
  }

  @DatabaseTest
  void relationCountsExamples(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(),
        Schema.fromEntities(Customer.class, Invoice.class)).build();
    ConvexOrm orm = new ConvexOrm(engine);
    ConvexMutations mutations = new ConvexMutations(orm);
    String globex = engine.mutation(tx -> tx.insert("customers", Map.of("name", "globex")));
    String acme = engine.mutation(tx -> tx.insert("customers", Map.of("name", "acme")));
    mutations.insert("invoices").values(
        Map.of("customerId", acme, "status", "paid", "total", 10L),
        Map.of("customerId", acme, "status", "paid", "total", 20L),
        Map.of("customerId", acme, "status", "open", "total", 5L),
        Map.of("customerId", globex, "status", "paid", "total", 7L)).execute();

    Row acmeRow = orm.query("customers").rows()
        .withCount("invoices")
        .where(eq("name", "acme"))
        .findFirstOrThrow();
    assertThat(acmeRow.count("invoices")).isEqualTo(3);

    assertThat(orm.query("customers").columns("name")
        .withCount("invoices", i -> i.where(eq("status", "open")))
        .limit(10)
        .findMany()).containsExactly(
            Map.of("name", "acme", "_count", Map.of("invoices", 1L)),
            Map.of("name", "globex", "_count", Map.of("invoices", 0L)));

    assertThat(orm.query(Customer.class).withCount("invoices")
        .where(eq("name", "acme")).findFirstOrThrow()
        .invoiceCount()).isEqualTo(3L);

    assertThat(orm.query("customers").rows().withCount("invoices").limit(10).explainRelations()
        .toString()).contains("aggregate index invoices.agg_customer [customerId == _id]");
    assertThat(orm.query("customers").rows()
        .withCount("invoices", i -> i.where(eq("status", "open"))).limit(10).explainRelations()
        .toString()).contains("aggregate index invoices.agg_customer_status");

    assertThatThrownBy(() -> orm.query("customers").rows()
        .withCount("invoices", i -> i.where(eq("total", 5))).limit(10).findMany())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessage("count of relation \"customers.invoices\" (customers._count.invoices) on "
            + "table \"invoices\" is not served by an aggregate index: no aggregate index of the "
            + "table has the pinned fields [\"customerId\", \"total\"] as its leading on fields; "
            + "declare @AggregateIndex(name = \"agg_by_customerId_total\", on = {\"customerId\", "
            + "\"total\"}) or aggregateIndex(\"agg_by_customerId_total\").on(\"customerId\", "
            + "\"total\"), or call allowFullScan() to read the rows");
    assertThat(orm.query("customers").rows()
        .withCount("invoices", i -> i.where(gt("total", 5)).allowFullScan())
        .where(eq("name", "acme")).findFirstOrThrow().count("invoices")).isEqualTo(2);

    assertThat(mutations.update("customers")
        .set(Map.of("name", "Acme"))
        .where(eq("name", "acme"))
        .allowFullScan()
        .returning("name")
        .withCount("invoices")
        .execute()
        .rows()).containsExactly(Map.of("name", "Acme", "_count", Map.of("invoices", 3L)));
  }

  @Table(name = "scores")
  @RankIndex(name = "leaderboard", partitionBy = "gameId", orderBy = "score",
      direction = Direction.DESC, sum = "score")
  record Score(@Id @Nullable String id, @NotNull String gameId, @NotNull String player,
      long score) {
  }

  static Schema rankSchema() {
    return Schema.builder()
        .table("scores", t -> {
          t.field("gameId", FieldType.string()).notNull();
          t.field("player", FieldType.string()).notNull();
          t.field("score", FieldType.int64()).notNull();
          t.rankIndex("leaderboard").partitionBy("gameId").orderBy("score", Direction.DESC)
              .sum("score");
        })
        .build();
  }

  @DatabaseTest
  void rankIndexExamples(TestDatabase db) {
    assertThat(Schema.fromEntities(Score.class)).isEqualTo(rankSchema());
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), rankSchema()).build();
    ConvexOrm orm = new ConvexOrm(engine);
    Map<String, String> ids = new java.util.HashMap<>();
    engine.mutation(tx -> {
      for (Object[] row : new Object[][] {{"ada", 40L}, {"bob", 30L}, {"cy", 20L},
          {"dee", 10L}}) {
        ids.put((String) row[0], tx.insert("scores", Map.of("gameId", "chess",
            "player", row[0], "score", row[1])));
      }
      return tx.insert("scores", Map.of("gameId", "go", "player", "eve", "score", 99L));
    });
    String bob = ids.get("bob");

    RankQuery<Document> board = orm.query("scores").where(eq("gameId", "chess"))
        .rank("leaderboard");
    assertThat(board.count()).isEqualTo(4);
    assertThat(board.sum()).isEqualByComparingTo("100");
    assertThat(board.indexOf(bob)).isEqualTo(OptionalLong.of(1));
    assertThat(board.at(0).map(d -> d.getJava("player"))).hasValue("ada");
    assertThat(board.min().map(d -> d.getJava("player"))).hasValue("ada");
    assertThat(board.max().map(d -> d.getJava("player"))).hasValue("dee");
    assertThat(board.page(1, 2).stream().map(d -> d.getJava("player")))
        .containsExactly("bob", "cy");
    assertThat(board.random().map(d -> d.getJava("gameId"))).hasValue("chess");
    PaginationResult<Document> first = board.paginate(null, 3);
    PaginationResult<Document> next = board.paginate(first.continueCursor(), 3);
    assertThat(first.page().stream().map(d -> d.getJava("player")))
        .containsExactly("ada", "bob", "cy");
    assertThat(first.isDone()).isFalse();
    assertThat(next.page().stream().map(d -> d.getJava("player"))).containsExactly("dee");
    assertThat(next.isDone()).isTrue();

    assertThatThrownBy(() -> orm.query("scores").rank("leaderboard").count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("A read of rank index scores.leaderboard needs a where of eq on "
            + "exactly its partitionBy fields [\"gameId\"]; not pinned: [\"gameId\"]");
    ConvexOrm player = orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("own game", "scores")
            .using(Condition.where(ctx -> eq("gameId", ctx.attribute("game")))).build())
        .build(), () -> PolicyContext.of("ada", Set.of()).withAttribute("game", "go"));
    assertThat(player.query("scores").where(eq("gameId", "chess")).rank("leaderboard").count())
        .isZero();
    assertThat(player.query("scores").where(eq("gameId", "go")).rank("leaderboard").count())
        .isEqualTo(1);
  }
}
