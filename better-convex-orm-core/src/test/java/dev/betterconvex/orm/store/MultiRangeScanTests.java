package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexInt64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link DatabaseReader#scanRanges}: many ranges of one index, one statement, rows tagged. */
class MultiRangeScanTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("items", t -> {
        t.field("group", FieldType.int64()).notNull();
        t.field("rank", FieldType.int64()).notNull();
        t.index("by_group_rank", "group", "rank");
      })
      .build();

  private static final IndexSchema BY_GROUP_RANK = SCHEMA.requireTable("items")
      .index("by_group_rank").orElseThrow();

  private static ConvexEngine seeded(TestDatabase db, StatementCounter counter, int groups,
      int perGroup, TransactionLimits limits) {
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withLimits(limits)).build();
    engine.mutation(tx -> {
      for (int g = 0; g < groups; g++) {
        for (int r = 0; r < perGroup; r++) {
          tx.insert("items", Map.of("group", g, "rank", r));
        }
      }
      return null;
    });
    return engine;
  }

  private static IndexRange group(long g) {
    return IndexRange.compile("items", BY_GROUP_RANK, List.of(
        new IndexRange.Expression(IndexRange.Operator.EQ, "group", new ConvexInt64(g))));
  }

  private static List<String> tags(List<RangeDocument> rows) {
    return rows.stream().map(r -> r.range() + ":" + r.document().getJava("group") + "/"
        + r.document().getJava("rank")).toList();
  }

  @DatabaseTest
  void returnsRowsGroupedByRangeInIndexOrderWithinEach(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = seeded(db, counter, 4, 3, TransactionLimits.CONVEX_DEFAULTS);
    List<IndexRange> ranges = List.of(group(2), group(0), group(9), group(2));
    assertThat(tags(engine.query(tx -> EngineInternals.of(tx)
            .scanRanges(ranges, Order.ASC, Integer.MAX_VALUE))))
        .containsExactly("0:2/0", "0:2/1", "0:2/2", "1:0/0", "1:0/1", "1:0/2",
            "3:2/0", "3:2/1", "3:2/2");
    assertThat(tags(engine.query(tx -> EngineInternals.of(tx).scanRanges(ranges, Order.DESC, 2))))
        .containsExactly("0:2/2", "0:2/1", "1:0/2", "1:0/1", "3:2/2", "3:2/1");

    IndexRange upper = IndexRange.compile("items", BY_GROUP_RANK, List.of(
        new IndexRange.Expression(IndexRange.Operator.EQ, "group", new ConvexInt64(1)),
        new IndexRange.Expression(IndexRange.Operator.GTE, "rank", new ConvexInt64(1))));
    IndexRange whole = IndexRange.all("items", BY_GROUP_RANK);
    List<RangeDocument> rows = engine.query(tx -> EngineInternals.of(tx)
            .scanRanges(List.of(upper, whole),
        Order.ASC, Integer.MAX_VALUE));
    assertThat(tags(rows).subList(0, 3)).containsExactly("0:1/1", "0:1/2", "1:0/0");
    assertThat(rows).hasSize(2 + 12);
    assertThat(engine.<List<RangeDocument>>query(tx -> EngineInternals.of(tx)
            .scanRanges(List.of(), Order.ASC, 1)))
        .isEmpty();
  }

  @DatabaseTest
  void theSameRangesWithAnotherLimitPerRangeReadTheirOwnRows(TestDatabase db)
      throws java.sql.SQLException {
    // H2 reuses a UNION's last result when only the LIMIT parameters of its parts changed (it
    // compares the other parameters), in a transaction and across transactions that commit no
    // write; so on H2 the limits per range are written into the statement.
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = seeded(db, counter, 2, 10, TransactionLimits.CONVEX_DEFAULTS);
    TableRegistry.TableInfo items = engine.registry().table("items");
    TableRegistry.IndexInfo index = items.index("by_group_rank");
    List<byte[]> starts = List.of(group(0).start(), group(1).start());
    List<byte @org.jspecify.annotations.Nullable []> ends = List.of(group(0).end(), group(1).end());
    try (java.sql.Connection c = db.dataSource().getConnection()) {
      for (int limit : List.of(2, 5, 3)) {
        assertThat(engine.store().scanRanges(c, items.physical(), index, starts, ends,
            Order.ASC, limit, 64)).as("limit " + limit + " per range").hasSize(2 * limit);
      }
    }
  }

  @DatabaseTest
  void readsUpToAThousandRangesInOneStatement(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = seeded(db, counter, 300, 2, TransactionLimits.CONVEX_DEFAULTS);
    List<IndexRange> ranges = new ArrayList<>();
    for (int g = 0; g < 1000; g++) {
      ranges.add(group(g));
    }
    counter.reset();
    List<RangeDocument> rows = engine.query(tx -> EngineInternals.of(tx)
            .scanRanges(ranges, Order.DESC, 1));
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(rows).hasSize(300);
    assertThat(rows.get(299).range()).isEqualTo(299);
    assertThat(rows.get(299).document().getJava("rank")).isEqualTo(1L);

    List<IndexRange> more = new ArrayList<>(ranges);
    more.addAll(ranges.subList(0, 500));
    counter.reset();
    rows = engine.query(tx -> EngineInternals.of(tx)
            .scanRanges(more, Order.ASC, Integer.MAX_VALUE));
    assertThat(counter.statements()).isEqualTo(2);
    assertThat(rows).hasSize(1200);
    assertThat(rows.get(600).range()).isEqualTo(1000);
  }

  @DatabaseTest
  void countsRangesAndDocumentsAgainstTheTransactionLimits(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = seeded(db, counter, 5, 4,
        new TransactionLimits(10, 1L << 20, 4, 100, 1L << 20));
    assertThat(engine.<List<RangeDocument>>query(tx -> EngineInternals.of(tx)
            .scanRanges(List.of(group(0), group(1)),
        Order.ASC, 5))).hasSize(8);
    assertThatThrownBy(() -> engine.query(tx -> EngineInternals.of(tx).scanRanges(
        List.of(group(0), group(1), group(2), group(3), group(4)), Order.ASC, 1)))
        .isInstanceOf(TransactionLimitExceededException.class)
        .hasMessageContaining("maxIndexRanges");
    assertThatThrownBy(() -> engine.query(tx -> EngineInternals.of(tx).scanRanges(
        List.of(group(0), group(1), group(2)), Order.ASC, Integer.MAX_VALUE)))
        .isInstanceOf(TransactionLimitExceededException.class)
        .hasMessageContaining("maxDocumentsScanned");
  }

  @DatabaseTest
  void refusesRangesOfSeveralIndexes(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = seeded(db, counter, 1, 1, TransactionLimits.CONVEX_DEFAULTS);
    IndexRange byCreation = IndexRange.all("items", IndexSchema.BY_CREATION_TIME);
    assertThatThrownBy(() -> engine.query(tx -> EngineInternals.of(tx)
            .scanRanges(List.of(group(0), byCreation),
        Order.ASC, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("items.by_group_rank and items.by_creation_time");
    assertThatThrownBy(() -> engine.query(tx -> EngineInternals.of(tx)
            .scanRanges(List.of(group(0)), Order.ASC, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
