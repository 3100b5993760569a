package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rank indexes against brute force (the rows sorted in Java) after random inserts, updates of
 * the ordered, partition and summed fields, deletes and foreign-key cascades; the cost of each
 * read as the partition grows; the refusals of filters and policies.
 */
class RankIndexTests {

  static final Schema SCHEMA = Schema.builder()
      .table("games", t -> t.field("title", string()))
      .table("scores", t -> {
        t.field("gameId", id("games")).notNull().references("games", ReferentialAction.CASCADE);
        t.field("player", string());
        t.field("score", int64());
        t.index("by_game", "gameId");
        t.rankIndex("lb").partitionBy("gameId").orderBy("score", Direction.DESC).sum("score");
        t.rankIndex("by_player").partitionBy("gameId").orderBy("player").orderBy("score");
      })
      .build();

  private StatementCounter counter;
  private ConvexEngine engine;
  private ConvexOrm orm;

  private void start(TestDatabase db) {
    counter = new StatementCounter(db.dataSource());
    engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
  }

  private String game(String title) {
    return engine.mutation(tx -> tx.insert("games", Map.of("title", title)));
  }

  /** The rows of {@code game} in the order of {@code lb}: score descending, then id. */
  private List<Document> expected(String game, Comparator<Document> order) {
    List<Document> rows = new ArrayList<>(orm.query("scores").where(eq("gameId", game))
        .allowFullScan().findMany());
    rows.sort(order);
    return rows;
  }

  static final Comparator<Document> LB = (a, b) -> {
    int c = ValueOrder.compare(b.get("score"), a.get("score"));
    return c != 0 ? c : a.id().compareTo(b.id());
  };

  static final Comparator<Document> BY_PLAYER = (a, b) -> {
    int c = ValueOrder.compare(a.get("player"), b.get("player"));
    c = c != 0 ? c : ValueOrder.compare(a.get("score"), b.get("score"));
    return c != 0 ? c : a.id().compareTo(b.id());
  };

  private void assertExact(String game) {
    assertExact(game, "lb", LB);
    assertExact(game, "by_player", BY_PLAYER);
  }

  private void assertExact(String game, String index, Comparator<Document> order) {
    List<Document> rows = expected(game, order);
    RankQuery<Document> rank = orm.query("scores").where(eq("gameId", game)).rank(index);
    assertThat(rank.count()).as(index + " count").isEqualTo(rows.size());
    List<String> ids = rows.stream().map(Document::id).toList();
    assertThat(rank.page(0, RankQuery.MAX_PAGE).stream().map(Document::id).toList())
        .as(index + " page").isEqualTo(ids);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rank.indexOf(ids.get(i))).as(index + " indexOf " + i).hasValue(i);
      if (i % 7 == 0) {
        assertThat(rank.at(i).map(Document::id)).as(index + " at " + i).hasValue(ids.get(i));
      }
    }
    assertThat(rank.at(rows.size())).isEmpty();
    assertThat(rank.min().map(Document::id)).isEqualTo(ids.stream().findFirst());
    assertThat(rank.max().map(Document::id))
        .isEqualTo(ids.isEmpty() ? java.util.Optional.empty()
            : java.util.Optional.of(ids.get(ids.size() - 1)));
    if (index.equals("lb")) {
      long sum = rows.stream().map(d -> (Long) d.getJava("score"))
          .filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
      boolean any = rows.stream().anyMatch(d -> d.getJava("score") != null);
      BigDecimal total = rank.sum();
      if (any) {
        assertThat(total).as("sum").isEqualByComparingTo(BigDecimal.valueOf(sum));
      } else {
        assertThat(total).isNull();
      }
    }
    // paginate through in pages of 7
    List<String> paged = new ArrayList<>();
    String cursor = null;
    while (true) {
      PaginationResult<Document> page = rank.paginate(cursor, 7);
      page.page().forEach(d -> paged.add(d.id()));
      cursor = page.continueCursor();
      if (page.isDone()) {
        break;
      }
    }
    assertThat(paged).as(index + " paginate").isEqualTo(ids);
  }

  @DatabaseTest
  void ranksEqualBruteForceAfterRandomWrites(TestDatabase db) {
    start(db);
    List<String> games = List.of(game("a"), game("b"), game("c"));
    Random random = new Random(16);
    List<String> live = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      engine.mutation(tx -> {
        for (int i = 0; i < 40; i++) {
          Map<String, Object> row = new HashMap<>();
          row.put("gameId", games.get(random.nextInt(2)));
          row.put("player", "p" + random.nextInt(10));
          if (random.nextInt(8) != 0) {
            row.put("score", (long) random.nextInt(30) - 5); // ties, negatives, missing
          }
          live.add(tx.insert("scores", row));
        }
        for (int i = 0; i < 12; i++) {
          String id = live.get(random.nextInt(live.size()));
          switch (random.nextInt(4)) {
            case 0 -> tx.patch(id, Map.of("score", (long) random.nextInt(30)));
            case 1 -> tx.patch(id, Map.of("gameId", games.get(random.nextInt(3))));
            case 2 -> tx.patch(id, Map.of("player", "q" + random.nextInt(5)));
            default -> {
              tx.delete(id);
              live.remove(id);
            }
          }
        }
        return null;
      });
      games.forEach(this::assertExact);
    }
    // A foreign-key cascade deletes a game's scores: its partition empties, the others stay.
    new dev.betterconvex.orm.mutation.ConvexMutations(orm).delete("games")
        .where(eq("_id", games.get(0))).execute();
    assertThat(orm.query("scores").where(eq("gameId", games.get(0))).rank("lb").count())
        .isZero();
    assertExact(games.get(0));
    assertExact(games.get(1));
    assertExact(games.get(2));
  }

  /** The documents read (index rows and rows) and statements (reads and writes) run by it. */
  private long[] cost(Supplier<?> read) {
    long before = engine.statistics().documentsRead();
    counter.reset();
    var unused = read.get();
    return new long[] {engine.statistics().documentsRead() - before, counter.statements()};
  }

  private void insert(String game, int n, int from) {
    engine.mutation(tx -> {
      for (int i = 0; i < n; i++) {
        var unused = tx.insert("scores", Map.of("gameId", game, "player", "p" + (from + i),
            "score", (long) ((from + i) * 7919 % 100_003)));
      }
      return null;
    });
  }

  @DatabaseTest
  void readCostsAreBounded(TestDatabase db) {
    start(db);
    String game = game("g");
    insert(game, 100, 0);
    RankQuery<Document> rank = orm.query("scores").where(eq("gameId", game)).rank("lb");
    Map<String, long[]> small = measure(rank, game, rank.at(50).orElseThrow().id());
    insert(game, 1_900, 100);
    assertThat(rank.count()).isEqualTo(2_001);
    Map<String, long[]> large = measure(rank, game, rank.at(1_000).orElseThrow().id());
    for (String op : small.keySet()) {
      long[] s = small.get(op);
      long[] l = large.get(op);
      if (op.equals("indexOf") || op.equals("insert")) {
        // One statement reads 16 nodes per level; a level with more between is read again.
        assertThat(l[1]).as(op + ": statements (" + s[1] + " at 100 rows)")
            .isLessThanOrEqualTo(s[1] + 2);
      } else {
        assertThat(l[1]).as(op + ": statements do not depend on the partition's size")
            .isEqualTo(s[1]);
      }
      assertThat(l[0]).as(op + ": rows read (" + s[0] + " at 100 rows), 20 times the rows")
          .isLessThan(2 * s[0] + 30).isLessThan(120);
    }
    assertThat(large.get("count")).as("count: the top head row, one statement (and the "
        + "index's state)").containsExactly(1, 2);
  }

  private Map<String, long[]> measure(RankQuery<Document> rank, String game, String id) {
    Map<String, long[]> costs = new java.util.LinkedHashMap<>();
    costs.put("count", cost(rank::count));
    costs.put("indexOf", cost(() -> rank.indexOf(id)));
    long half = rank.count() / 2;
    costs.put("at", cost(() -> rank.at(half)));
    costs.put("max", cost(rank::max));
    costs.put("page", cost(() -> rank.page(10, 10)));
    String cursor = rank.paginate(null, 1).continueCursor();
    costs.put("paginate", cost(() -> rank.paginate(cursor, 10)));
    costs.put("insert", cost(() -> engine.mutation(tx -> tx.insert("scores", Map.of("gameId",
        game, "score", 5L)))));
    return costs;
  }

  @DatabaseTest
  void filtersThatDoNotPinExactlyThePartitionAreRefused(TestDatabase db) {
    start(db);
    String game = game("g");
    assertThatThrownBy(() -> orm.query("scores").rank("lb").count())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("rank index scores.lb").hasMessageContaining("not pinned: [\"gameId\"]");
    assertThatThrownBy(() -> orm.query("scores").where(and(eq("gameId", game),
        eq("player", "p"))).rank("lb").count())
        .hasMessageContaining("not partitionBy fields: [\"player\"]");
    assertThatThrownBy(() -> orm.query("scores").where(and(eq("gameId", game),
        gt("score", 3L))).rank("lb").count())
        .hasMessageContaining("gt(score, 3n) is not such an equality");
    assertThatThrownBy(() -> orm.query("scores").where(in("gameId", game, game("h")))
        .rank("lb").count())
        .hasMessageContaining("needs one value of partitionBy field \"gameId\"");
    assertThatThrownBy(() -> orm.query("scores").where(eq("gameId", game)).rank("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no rank index \"nope\"")
        .hasMessageContaining("[\"lb\", \"by_player\"]");
    assertThatThrownBy(() -> orm.query("scores").where(eq("gameId", game)).limit(3).rank("lb")
        .count()).hasMessageContaining("does not take limit/offset");
    assertThatThrownBy(() -> orm.query("scores").where(eq("gameId", game)).rank("by_player")
        .sum()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scores.by_player declares no sum field");
    String other = game("o");
    String row = engine.mutation(tx -> tx.insert("scores", Map.of("gameId", other,
        "score", 1L)));
    RankQuery<Document> rank = orm.query("scores").where(eq("gameId", game)).rank("lb");
    assertThatThrownBy(() -> rank.indexOf(row)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not in the partition");
    assertThat(rank.indexOf("not-an-id")).isEmpty();
    assertThatThrownBy(() -> rank.paginate("garbage", 5))
        .isInstanceOf(dev.betterconvex.orm.store.InvalidCursorException.class);
  }

  @DatabaseTest
  void rowLevelSecurityEqualitiesOnThePartitionAreServedOthersRefused(TestDatabase db) {
    start(db);
    String mine = game("mine");
    String theirs = game("theirs");
    insert(mine, 5, 0);
    insert(theirs, 3, 10);
    ConvexOrm player = orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("own game", "scores")
            .using(Condition.where(ctx -> eq("gameId", ctx.attribute("game")))).build())
        .build(), () -> PolicyContext.of("ada", Set.of()).withAttribute("game", mine));
    assertThat(player.query("scores").where(eq("gameId", mine)).rank("lb").count()).isEqualTo(5);
    RankQuery<Document> hidden = player.query("scores").where(eq("gameId", theirs)).rank("lb");
    assertThat(hidden.count()).isZero();
    assertThat(hidden.at(0)).isEmpty();
    assertThat(hidden.page(0, 10)).isEmpty();
    String theirRow = orm.query("scores").where(eq("gameId", theirs)).rank("lb").at(0)
        .orElseThrow().id();
    assertThat(hidden.indexOf(theirRow)).as("a row the caller may not read has no rank")
        .isEqualTo(OptionalLong.empty());

    ConvexOrm predicate = orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("java check", "scores")
            .using(Condition.test((row, ctx) -> true)).build())
        .build(), () -> PolicyContext.of("ada", Set.of()));
    assertThatThrownBy(() -> predicate.query("scores").where(eq("gameId", mine)).rank("lb")
        .count()).isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("[\"java check\"]").hasMessageContaining("Condition.test");
    ConvexOrm range = orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("high scores", "scores")
            .using(Condition.where(ctx -> gt("score", 3L))).build())
        .build(), () -> PolicyContext.of("ada", Set.of()));
    assertThatThrownBy(() -> range.query("scores").where(eq("gameId", mine)).rank("lb")
        .count()).hasMessageContaining("policy [\"high scores\"]")
        .hasMessageContaining("not equalities on the partitionBy fields");
  }
}
