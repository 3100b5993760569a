package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
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
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * groupBy's declarative having and orderBy (checked against the figures computed), take, and
 * its cursor pages: stable, bound to the query, and reading only the buckets of the pinned values
 * (the engine's documents-read counter and the statements run), whatever the table size.
 */
class GroupByQueryTests {

  static final Schema SCHEMA = Schema.builder()
      .table("sales", t -> {
        t.field("shop", string()).notNull();
        t.field("kind", string());
        t.field("amount", int64());
        t.field("at", float64());
        t.index("by_shop", "shop");
        t.aggregateIndex("agg_shop_kind").on("shop", "kind").sum("amount").min("at").max("at");
      })
      .build();

  private static final String[] SHOPS = {"north", "south", "east"};
  private static final String[] KINDS = {"a", "b", "c", "none"};

  private StatementCounter counter;
  private ConvexEngine engine;
  private ConvexOrm orm;
  private ConvexMutations mutations;

  /** Shop north: a ×1 (amount 50), b ×3 (1, 2, 3), c ×2 (10, 20); south: a ×2 (5, 5), c ×1 (7). */
  private void start(TestDatabase db) {
    counter = new StatementCounter(db.dataSource());
    engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
    mutations = new ConvexMutations(orm);
    sale("north", "a", 50);
    sale("north", "b", 1);
    sale("north", "b", 2);
    sale("north", "b", 3);
    sale("north", "c", 10);
    sale("north", "c", 20);
    sale("south", "a", 5);
    sale("south", "a", 5);
    sale("south", "c", 7);
  }

  private void sale(String shop, String kind, long amount) {
    mutations.insert("sales").values(Map.of("shop", shop, "kind", kind, "amount", amount,
        "at", (double) amount)).execute();
  }

  private GroupByQuery all() {
    return orm.query("sales").where(and(in("shop", (Object[]) SHOPS), in("kind", (Object[]) KINDS)))
        .groupBy("shop", "kind");
  }

  private static List<String> names(List<AggregateGroup> groups) {
    return groups.stream().map(g -> ((dev.betterconvex.orm.value.ConvexString) g.key("shop"))
        .value() + "/" + ((dev.betterconvex.orm.value.ConvexString) g.key("kind")).value())
        .toList();
  }

  @DatabaseTest
  void havingAndOrderByAreDeclarativeOnTheFiguresComputed(TestDatabase db) {
    start(db);
    GroupByQuery sums = all().aggregate(Aggregation.of().sum("amount").avg("amount")
        .min("at").max("at"));

    assertThat(names(sums.list())).as("key order by default")
        .containsExactly("north/a", "north/b", "north/c", "south/a", "south/c");
    assertThat(names(sums.having(Having.count().gte(2)).list()))
        .containsExactly("north/b", "north/c", "south/a");
    assertThat(names(sums.having(Having.count().gte(2)).having(Having.sum("amount").gt(6))
        .list())).as("two having calls both hold").containsExactly("north/c", "south/a");
    assertThat(names(sums.having(Having.or(Having.avg("amount").eq(2),
        Having.max("at").lte(7.0))).list())).containsExactly("north/b", "south/a", "south/c");
    assertThat(names(sums.having(Having.min("at").gt(5.0)).having(Having.count().ne(1)).list()))
        .containsExactly("north/c");

    assertThat(names(sums.orderBy(GroupOrder.count().desc()).list()))
        .as("ties in key order").containsExactly("north/b", "north/c", "south/a", "north/a",
            "south/c");
    assertThat(names(sums.orderBy(GroupOrder.count().desc(), GroupOrder.by("kind").desc())
        .list())).containsExactly("north/b", "north/c", "south/a", "south/c", "north/a");
    assertThat(names(sums.orderBy(GroupOrder.sum("amount").desc()).take(3).list()))
        .containsExactly("north/a", "north/c", "south/a");
    assertThat(names(sums.orderBy(GroupOrder.avg("amount")).orderBy(GroupOrder.by("shop").desc())
        .list())).containsExactly("north/b", "south/a", "south/c", "north/c", "north/a");
    assertThat(names(sums.orderBy(GroupOrder.min("at").asc()).take(2).list()))
        .containsExactly("north/b", "south/a");
    assertThat(names(sums.orderBy(GroupOrder.max("at").desc()).take(1).list()))
        .containsExactly("north/a");
  }

  @DatabaseTest
  void aFigureOverNoValueSatisfiesNoComparisonAndSortsFirstAscending(TestDatabase db) {
    start(db);
    mutations.insert("sales").values(List.of(Map.of("shop", "east", "kind", "none"),
        Map.of("shop", "east", "kind", "none"))).execute();
    GroupByQuery sums = all().aggregate(Aggregation.of().sum("amount").max("at"));

    assertThat(names(sums.having(Having.sum("amount").lt(1_000)).list()))
        .doesNotContain("east/none").hasSize(5);
    assertThat(names(sums.having(Having.sum("amount").ne(0)).list())).hasSize(5);
    assertThat(names(sums.having(Having.max("at").lte(100.0)).list())).hasSize(5);
    assertThat(names(sums.having(Having.count().eq(2)).list()))
        .containsExactly("east/none", "north/c", "south/a");
    assertThat(names(sums.orderBy(GroupOrder.sum("amount")).list())).first()
        .isEqualTo("east/none");
    assertThat(names(sums.orderBy(GroupOrder.sum("amount").desc()).list())).last()
        .isEqualTo("east/none");

    // The same declarative forms on groups computed from the rows (allowFullScan).
    assertThat(names(orm.query("sales").where(eq("shop", "north")).allowFullScan()
        .groupBy("shop", "kind").aggregate(Aggregation.of().sum("amount"))
        .having(Having.count().gte(2)).orderBy(GroupOrder.sum("amount").desc()).list()))
        .containsExactly("north/c", "north/b");
  }

  @DatabaseTest
  void figuresTheGroupByDoesNotComputeAreRefusedNamingThem(TestDatabase db) {
    start(db);
    long before = engine.statistics().documentsRead();
    assertThatThrownBy(() -> all().having(Having.sum("amount").gt(1)).list())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("having sum(\"amount\"): the group-by does not compute "
            + "sum(\"amount\"); add it with aggregate(Aggregation.of().sum(\"amount\"))");
    assertThatThrownBy(() -> all().aggregate(Aggregation.of().sum("amount"))
        .orderBy(GroupOrder.avg("amount")).list())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderBy avg(\"amount\"): the group-by does not compute "
            + "avg(\"amount\")");
    assertThatThrownBy(() -> orm.query("sales").where(and(eq("shop", "north"),
        in("kind", "a", "b"))).groupBy("kind").orderBy(GroupOrder.by("shop")).list())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderBy by(\"shop\"): \"shop\" is not a groupBy field; they "
            + "are [kind]");
    assertThatThrownBy(() -> all().having(Having.max("at").gt(1.0))
        .paginate(PaginationOptions.first(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("having max(\"at\")");
    assertThat(engine.statistics().documentsRead()).as("refused before reading")
        .isEqualTo(before);
    assertThatThrownBy(() -> Having.count().gt("two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("having count() compares with a finite number");
    assertThatThrownBy(() -> Having.sum("amount").gt(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @DatabaseTest
  void pagesFollowEachOtherAndTheirCursorsAreBoundToTheQuery(TestDatabase db) {
    start(db);
    GroupByQuery byCount = all().aggregate(Aggregation.of().sum("amount"))
        .orderBy(GroupOrder.count().desc());
    List<AggregateGroup> pages = new ArrayList<>();
    PaginationResult<AggregateGroup> page = byCount.paginate(PaginationOptions.first(2));
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      pages.addAll(page.page());
      sizes.add(page.page().size());
      if (page.isDone()) {
        break;
      }
      page = byCount.paginate(PaginationOptions.first(2).after(page.continueCursor()));
    }
    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(names(pages)).isEqualTo(names(byCount.list()));
    assertThat(byCount.paginate(PaginationOptions.first(2).after(page.continueCursor())).page())
        .as("the cursor of the last page reads nothing").isEmpty();

    // Stable: the next page starts after the last group seen, whatever changed before it.
    PaginationResult<AggregateGroup> first = byCount.paginate(PaginationOptions.first(2));
    assertThat(names(first.page())).containsExactly("north/b", "north/c");
    sale("north", "a", 1);
    sale("north", "a", 1); // north/a now has 3 rows: it moves before the cursor
    sale("south", "c", 1);
    sale("south", "c", 1);
    sale("south", "c", 1); // south/c now has 4 rows: before the cursor too
    assertThat(names(byCount.paginate(PaginationOptions.first(5).after(first.continueCursor()))
        .page())).containsExactly("south/a");

    String cursor = first.continueCursor();
    assertThatThrownBy(() -> byCount.having(Having.count().gte(1))
        .paginate(PaginationOptions.first(2).after(cursor)))
        .isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("it belongs to another groupBy query");
    assertThatThrownBy(() -> all().orderBy(GroupOrder.count().asc())
        .paginate(PaginationOptions.first(2).after(cursor)))
        .isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("another groupBy query");
    String rowCursor = orm.query("sales").where(eq("shop", "north"))
        .paginate(PaginationOptions.first(1)).continueCursor();
    assertThatThrownBy(() -> byCount.paginate(PaginationOptions.first(2).after(rowCursor)))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> orm.query("sales").where(eq("shop", "north"))
        .paginate(PaginationOptions.first(1).after(cursor)))
        .isInstanceOf(InvalidCursorException.class);
    String tampered = cursor.substring(0, 10) + (cursor.charAt(10) == 'A' ? 'B' : 'A')
        + cursor.substring(11);
    assertThatThrownBy(() -> byCount.paginate(PaginationOptions.first(2).after(tampered)))
        .isInstanceOf(InvalidCursorException.class);

    assertThatThrownBy(() -> byCount.take(3).paginate(PaginationOptions.first(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("take(3) cannot be combined with paginate");
    assertThatThrownBy(() -> byCount.paginate(PaginationOptions.first(2).endingAt(cursor)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endCursor");
    assertThatThrownBy(() -> byCount.paginate(PaginationOptions.first(2).maximumRowsRead(9)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumRowsRead");
  }

  @DatabaseTest
  void aCursorIsBoundToTheCallersRowLevelSecurity(TestDatabase db) {
    start(db);
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("shop", "sales")
            .using(Condition.where(ctx -> eq("shop", ctx.attribute("shop")))).build())
        .build();
    ConvexOrm north = orm.withRowLevelSecurity(rls,
        () -> PolicyContext.of("ada", Set.of()).withAttribute("shop", "north"));
    ConvexOrm south = orm.withRowLevelSecurity(rls,
        () -> PolicyContext.of("bob", Set.of()).withAttribute("shop", "south"));
    PaginationResult<AggregateGroup> page = north.query("sales").where(in("kind", "a", "b", "c"))
        .groupBy("kind").paginate(PaginationOptions.first(1));
    assertThat(page.page()).singleElement().extracting(AggregateGroup::count).isEqualTo(1L);
    assertThat(south.query("sales").where(in("kind", "a", "b", "c")).groupBy("kind")
        .paginate(PaginationOptions.first(5)).page()).extracting(AggregateGroup::count)
        .containsExactly(2L, 1L);
    assertThatThrownBy(() -> south.query("sales").where(in("kind", "a", "b", "c"))
        .groupBy("kind").paginate(PaginationOptions.first(1).after(page.continueCursor())))
        .isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("another groupBy query");
  }

  @DatabaseTest
  void aPageReadsOnlyTheBucketsOfThePinnedValuesWhateverTheTableSize(TestDatabase db) {
    start(db);
    GroupByQuery byCount = all().aggregate(Aggregation.of().sum("amount"))
        .having(Having.count().gte(1)).orderBy(GroupOrder.sum("amount").desc());
    // 3 shops x 4 kinds: 12 probes of agg_shop_kind, 5 of them with a bucket.
    long[] first = cost(() -> byCount.paginate(PaginationOptions.first(2)));
    String cursor = byCount.paginate(PaginationOptions.first(2)).continueCursor();
    long[] second = cost(() -> byCount.paginate(PaginationOptions.first(2).after(cursor)));
    assertThat(first).as("rows read, statements").containsExactly(5, 12);
    assertThat(second).containsExactly(5, 12);
    for (int i = 0; i < 40; i++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int j = 0; j < 50; j++) {
        rows.add(Map.of("shop", SHOPS[j % 2], "kind", KINDS[j % 3], "amount", (long) j));
      }
      mutations.insert("sales").values(rows).execute();
    }
    assertThat(all().list().stream().mapToLong(AggregateGroup::count).sum()).isEqualTo(2_009);
    assertThat(cost(() -> byCount.paginate(PaginationOptions.first(2).after(cursor))))
        .as("2,000 rows more, in the same buckets, and one more bucket (south/b)")
        .containsExactly(6, 12);
    assertThat(cost(() -> byCount.list())).containsExactly(6, 12);
  }

  private long[] cost(Runnable read) {
    long before = engine.statistics().documentsRead();
    counter.reset();
    read.run();
    return new long[] {engine.statistics().documentsRead() - before, counter.reads()};
  }
}
