package dev.betterconvex.orm.store;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.RankQuery;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rank index declared on a table with rows is built in batches (BUILDING, refused by reads,
 * then READY and exact); one the schema does not declare is kept and maintained by every write
 * (a rolling deploy), and dropped only on request.
 */
class RankBuildTests {

  private static final int ROWS = 1_100;

  private static Schema schema(boolean rank) {
    return Schema.builder()
        .table("posts", t -> {
          t.field("author", FieldType.string());
          t.field("n", FieldType.int64());
          if (rank) {
            t.rankIndex("by_n").partitionBy("author").orderBy("n", Direction.DESC).sum("n");
          }
        })
        .build();
  }

  /** Checks every author's ranks against the rows sorted in Java. */
  private static void assertExact(ConvexEngine engine) {
    ConvexOrm orm = new ConvexOrm(engine);
    List<Document> rows = orm.query("posts").allowFullScan().findMany();
    Comparator<Document> order = (a, b) -> {
      int c = ValueOrder.compare(b.get("n"), a.get("n"));
      return c != 0 ? c : a.id().compareTo(b.id());
    };
    for (int a = 0; a < 6; a++) {
      String author = "a" + a;
      List<String> ids = rows.stream().filter(d -> author.equals(d.getJava("author")))
          .sorted(order).map(Document::id).toList();
      RankQuery<Document> rank = orm.query("posts").where(eq("author", author)).rank("by_n");
      assertThat(rank.count()).as(author).isEqualTo(ids.size());
      List<String> read = new ArrayList<>();
      for (long offset = 0; offset < ids.size(); offset += RankQuery.MAX_PAGE) {
        rank.page(offset, RankQuery.MAX_PAGE).forEach(d -> read.add(d.id()));
      }
      assertThat(read).as(author).isEqualTo(ids);
      if (!ids.isEmpty()) {
        assertThat(rank.indexOf(ids.get(ids.size() / 2))).hasValue(ids.size() / 2);
      }
    }
  }

  @DatabaseTest
  void aRankIndexOnATableWithRowsIsBuiltKeptWhenUndeclaredAndDroppedOnRequest(TestDatabase db) {
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    List<String> ids = older.mutation(tx -> {
      List<String> inserted = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        inserted.add(tx.insert("posts", Map.of("author", "a" + i % 5, "n", (long) (i % 37))));
      }
      return inserted;
    });
    List<String> sorted = ids.stream().sorted().toList();

    ConvexEngine stopped = ConvexEngine.builder(db.dataSource(), schema(true))
        .afterBackfillBatch(index -> false).build();
    assertThat(stopped.rankIndexState("posts", "by_n")).isEqualTo(IndexState.BUILDING);
    assertThatThrownBy(() -> new ConvexOrm(stopped).query("posts").where(eq("author", "a1"))
        .rank("by_n").count())
        .isInstanceOf(IndexNotReadyException.class)
        .hasMessageContaining("posts.by_n").hasMessageContaining("not ready");
    // Writes while it builds: before the progress (the first batch), after it, and new rows.
    stopped.mutation(tx -> {
      tx.patch(sorted.get(0), Map.of("author", "a5", "n", 500L));
      tx.patch(sorted.get(ROWS - 1), Map.of("author", "a5", "n", 700L));
      tx.delete(sorted.get(1));
      tx.delete(sorted.get(ROWS - 2));
      tx.insert("posts", Map.of("author", "a4", "n", -3L));
      return null;
    });
    AtomicInteger batches = new AtomicInteger();
    ConvexEngine finished = ConvexEngine.builder(db.dataSource(), schema(true))
        .afterBackfillBatch(index -> batches.incrementAndGet() > 0).build();
    assertThat(batches).as("1,100 rows in batches of 500: two batches were left").hasValue(2);
    assertThat(finished.rankIndexState("posts", "by_n")).isEqualTo(IndexState.READY);
    assertExact(finished);
    assertExact(stopped);

    // A build that does not declare it keeps maintaining it.
    ConvexEngine undeclaring = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    assertThatThrownBy(() -> undeclaring.rankIndexState("posts", "by_n"))
        .isInstanceOf(InvalidIndexRangeException.class).hasMessageContaining("not found");
    String written = undeclaring.mutation(tx -> tx.insert("posts", Map.of("author", "a2",
        "n", 9L)));
    undeclaring.mutation(tx -> {
      tx.patch(written, Map.of("author", "a3", "n", 1_000L));
      tx.delete(sorted.get(2));
      return null;
    });
    AtomicInteger rebuilt = new AtomicInteger();
    ConvexEngine newer = ConvexEngine.builder(db.dataSource(), schema(true))
        .afterBackfillBatch(index -> rebuilt.incrementAndGet() > 0).build();
    assertThat(rebuilt).as("batches built again").hasValue(0);
    assertExact(newer);

    ConvexEngine without = ConvexEngine.builder(db.dataSource(), schema(false))
        .settings(EngineSettings.DEFAULTS.withBootstrap(
            EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED)).build();
    assertThatThrownBy(() -> without.rankIndexState("posts", "by_n"))
        .isInstanceOf(InvalidIndexRangeException.class).hasMessageContaining("not found");
    assertThatThrownBy(() -> new ConvexOrm(newer).query("posts").where(eq("author", "a1"))
        .rank("by_n").count())
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("another build dropped or changed it");
    for (String table : List.of("bc_aggregates", "bc_rank_nodes")) {
      assertThat(rowsOf(db, table)).as("rows left in " + table).isZero();
    }
  }

  private static long rowsOf(TestDatabase db, String table) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
    catch (java.sql.SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @DatabaseTest
  void aRebuildRepairsARankIndexEditedBySqlAndReportsThePartitionsFixed(TestDatabase db)
      throws Exception {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    List<String> ids = engine.mutation(tx -> {
      List<String> inserted = new ArrayList<>();
      for (int i = 0; i < 700; i++) {
        inserted.add(tx.insert("posts", Map.of("author", "a" + i % 3, "n", (long) (i % 41))));
      }
      return inserted;
    });
    AggregateRebuild exact = engine.rebuildRankIndex("posts", "by_n");
    assertThat(exact.documents()).isEqualTo(700);
    assertThat(exact.buckets()).isEqualTo(3);
    assertThat(exact.bucketsFixed()).isZero();
    assertThat(exact.entriesAfter()).isEqualTo(exact.entriesBefore());
    assertExact(engine);

    // Lose one row's node on level 0 and all nodes of one partition, behind the engine's back.
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM bc_rank_nodes WHERE lvl = 0 AND doc_id = '" + ids.get(0)
          + "'");
      try (java.sql.PreparedStatement ps = c.prepareStatement(
          "DELETE FROM bc_rank_nodes WHERE part_key = ?")) {
        ps.setBytes(1, RankTree.partition(List.of(new dev.betterconvex.orm.value.ConvexString(
            "a2"))));
        assertThat(ps.executeUpdate()).isPositive();
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    AggregateRebuild repaired = engine.rebuildRankIndex("posts", "by_n");
    assertThat(repaired.bucketsChanged()).as("partition a0 lost a row").isEqualTo(1);
    assertThat(repaired.bucketsAdded()).as("partition a2 lost everything").isEqualTo(1);
    assertThat(repaired.bucketsRemoved()).isZero();
    assertThat(repaired.entriesAfter()).isEqualTo(exact.entriesAfter());
    assertExact(engine);
    assertThat(engine.rankIndexState("posts", "by_n")).isEqualTo(IndexState.READY);

    assertThatThrownBy(() -> engine.rebuildRankIndex("posts", "nope"))
        .isInstanceOf(InvalidIndexRangeException.class).hasMessageContaining("nope");
  }
}
