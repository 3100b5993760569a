package dev.betterconvex.orm.store;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.AggregateResult;
import dev.betterconvex.orm.query.Aggregation;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.KeyEncoding;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * {@link ConvexEngine#rebuildAggregateIndex} repairs buckets and entries edited by SQL (counts,
 * sums, missing and made-up buckets, missing entries), reports what it fixed, refuses reads while
 * it builds, keeps writes made meanwhile, and leaves the figures equal to the rows.
 */
class AggregateRebuildTests {

  private static final int ROWS = 1_200;
  private static final Aggregation FIGURES = Aggregation.of().sum("n").min("n").max("n");
  private static final Schema SCHEMA = Schema.builder()
      .table("posts", t -> {
        t.field("author", FieldType.string());
        t.field("n", FieldType.int64());
        t.aggregateIndex("agg_author").on("author").sum("n").min("n").max("n");
      })
      .build();

  /** Checks the figures of every author (and of one that has no rows) against the rows. */
  private static void assertExact(ConvexOrm orm) {
    List<Document> rows = orm.query("posts").allowFullScan().findMany();
    for (String author : List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "ghost")) {
      List<Long> ns = rows.stream().filter(d -> author.equals(d.getJava("author")))
          .map(d -> (Long) d.getJava("n")).toList();
      AggregateResult result = orm.query("posts").where(eq("author", author)).aggregate(FIGURES);
      assertThat(result.count()).as(author).isEqualTo(ns.size());
      assertThat(result.sum("n")).as(author).isEqualTo(ns.isEmpty() ? null
          : BigDecimal.valueOf(ns.stream().mapToLong(Long::longValue).sum()));
      assertThat(result.min("n")).as(author).isEqualTo(ns.isEmpty() ? null
          : new ConvexInt64(ns.stream().mapToLong(Long::longValue).min().orElseThrow()));
      assertThat(result.max("n")).as(author).isEqualTo(ns.isEmpty() ? null
          : new ConvexInt64(ns.stream().mapToLong(Long::longValue).max().orElseThrow()));
    }
  }

  private static int sql(DataSource ds, String statement, Object... args) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static int aggId(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT agg_id FROM bc_aggregates WHERE agg_name = 'agg_author'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static byte[] bucket(String author) {
    return KeyEncoding.encodeTuple(List.of(new ConvexString(author)));
  }

  @DatabaseTest
  void aRebuildRepairsBucketsEditedBySqlAndReportsWhatItFixed(TestDatabase db) throws Exception {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    ConvexOrm orm = new ConvexOrm(engine);
    List<String> ids = engine.mutation(tx -> {
      List<String> inserted = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        inserted.add(tx.insert("posts", Map.of("author", "a" + i % 6, "n", (long) i)));
      }
      return inserted;
    });
    List<String> sorted = ids.stream().sorted().toList();
    assertExact(orm);
    AggregateRebuild clean = engine.rebuildAggregateIndex("posts", "agg_author");
    assertThat(clean).isEqualTo(new AggregateRebuild("posts", "agg_author", ROWS, 6, 0, 0, 0,
        ROWS, ROWS));

    int id = aggId(db.dataSource());
    sql(db.dataSource(), "UPDATE bc_agg_buckets SET row_count = row_count + 5 WHERE agg_id = ? "
        + "AND bucket_key = ?", id, bucket("a1"));
    sql(db.dataSource(), "DELETE FROM bc_agg_buckets WHERE agg_id = ? AND bucket_key = ?", id,
        bucket("a2"));
    sql(db.dataSource(), "INSERT INTO bc_agg_buckets (agg_id, bucket_key, row_count, sums) "
        + "VALUES (?, ?, 3, '')", id, bucket("ghost"));
    int entries = sql(db.dataSource(), "DELETE FROM bc_agg_entries WHERE agg_id = ? AND "
        + "field_no = 0", id);
    assertThat(entries).isEqualTo(ROWS);
    assertThat(orm.query("posts").where(eq("author", "a1")).count()).isEqualTo(205);
    assertThat(orm.query("posts").where(eq("author", "ghost")).count()).isEqualTo(3);

    AtomicInteger batches = new AtomicInteger();
    AggregateRebuild repaired = engine.rebuildAggregateIndex("posts", "agg_author", documents -> {
      if (batches.getAndIncrement() > 0) {
        return;
      }
      assertThat(documents).isEqualTo(500);
      assertThat(engine.aggregateIndexState("posts", "agg_author"))
          .isEqualTo(IndexState.BUILDING);
      assertThatThrownBy(() -> orm.query("posts").where(eq("author", "a1")).count())
          .isInstanceOf(IndexNotReadyException.class)
          .hasMessageContaining("posts.agg_author").hasMessageContaining("BUILDING");
    });
    assertThat(batches).hasValue(3);
    assertThat(repaired.bucketsChanged()).as("a1's count").isEqualTo(1);
    assertThat(repaired.bucketsAdded()).as("a2").isEqualTo(1);
    assertThat(repaired.bucketsRemoved()).as("ghost").isEqualTo(1);
    assertThat(repaired.buckets()).isEqualTo(6);
    assertThat(repaired.entriesBefore()).as("deleted by SQL").isZero();
    assertThat(repaired.entriesAfter()).as("one per row: min and max of n share them")
        .isEqualTo(ROWS);
    assertThat(engine.aggregateIndexState("posts", "agg_author")).isEqualTo(IndexState.READY);
    assertExact(orm);
    assertExact(new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build()));
    AggregateRebuild again = engine.rebuildAggregateIndex("posts", "agg_author");
    assertThat(again.bucketsFixed()).isZero();
    assertThat(again.documents()).isEqualTo(ROWS);
  }

  @DatabaseTest
  void writesWhileItRebuildsAreKeptBeforeAndAfterItsProgress(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    ConvexOrm orm = new ConvexOrm(engine);
    List<String> sorted = engine.mutation(tx -> {
      List<String> inserted = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        inserted.add(tx.insert("posts", Map.of("author", "a" + i % 6, "n", (long) i)));
      }
      return inserted;
    }).stream().sorted().toList();
    AtomicInteger batches = new AtomicInteger();
    engine.rebuildAggregateIndex("posts", "agg_author", documents -> {
      if (batches.getAndIncrement() == 0) {
        // Before the progress (the first batch), after it, deletes of both, and new rows.
        engine.mutation(tx -> {
          tx.patch(sorted.get(0), Map.of("author", "a7", "n", 5_000L));
          tx.patch(sorted.get(ROWS - 1), Map.of("author", "a7", "n", 7_000L));
          tx.delete(sorted.get(1));
          tx.delete(sorted.get(ROWS - 2));
          tx.insert("posts", Map.of("author", "a7", "n", -3L));
          tx.insert("posts", Map.of("author", "a0", "n", 9_000L));
          return null;
        });
      }
    });
    assertThat(batches).hasValue(3);
    assertExact(orm);
    assertThat(engine.rebuildAggregateIndex("posts", "agg_author").bucketsFixed()).isZero();
  }

  @DatabaseTest
  void aRebuildOfAnUnknownIndexOrInsideATransactionIsRefused(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertThatThrownBy(() -> engine.rebuildAggregateIndex("posts", "agg_nope"))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("posts.agg_nope not found")
        .hasMessageContaining("[agg_author]");
    assertThatThrownBy(() -> engine.mutation(tx -> engine.rebuildAggregateIndex("posts",
        "agg_author")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs its own transactions");
  }
}
