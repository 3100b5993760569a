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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An aggregate index declared on a table with rows is built in batches with a visible state,
 * refused by queries while it builds, maintained by writes meanwhile (those before the build's
 * progress by the write, those after it by the build), resumed after a crash, and exact once
 * ready; a changed definition is built again, an undeclared one kept and maintained (dropped
 * only on request).
 */
class AggregateBuildTests {

  private static final int ROWS = 1_200;
  private static final Aggregation FIGURES = Aggregation.of().sum("n").min("n");

  private static Schema schema(boolean aggregate, boolean withMax) {
    return Schema.builder()
        .table("posts", t -> {
          t.field("author", FieldType.string());
          t.field("n", FieldType.int64());
          if (aggregate) {
            var index = t.aggregateIndex("agg_author").on("author").sum("n").min("n");
            if (withMax) {
              index.max("n");
            }
          }
        })
        .table("fresh", t -> {
          t.field("k", FieldType.string());
          if (aggregate) {
            t.aggregateIndex("agg_k").on("k");
          }
        })
        .build();
  }

  /** Checks every author's figures against the rows. */
  private static void assertExact(ConvexEngine engine) {
    ConvexOrm orm = new ConvexOrm(engine);
    List<Document> rows = orm.query("posts").allowFullScan().findMany();
    for (int a = 0; a < 12; a++) {
      String author = "a" + a;
      List<Long> ns = rows.stream().filter(d -> author.equals(d.getJava("author")))
          .map(d -> (Long) d.getJava("n")).toList();
      AggregateResult result = orm.query("posts").where(eq("author", author)).aggregate(FIGURES);
      assertThat(result.count()).as(author).isEqualTo(ns.size());
      assertThat(result.sum("n")).as(author).isEqualTo(ns.isEmpty() ? null
          : BigDecimal.valueOf(ns.stream().mapToLong(Long::longValue).sum()));
      assertThat(result.min("n")).as(author).isEqualTo(ns.isEmpty() ? null
          : new ConvexInt64(ns.stream().mapToLong(Long::longValue).min().orElseThrow()));
    }
  }

  @DatabaseTest
  void anAggregateIndexOnATableWithRowsIsBuiltInBatchesAndRefusedUntilReady(TestDatabase db) {
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schema(false, false)).build();
    List<String> ids = older.mutation(tx -> {
      List<String> inserted = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        inserted.add(tx.insert("posts", Map.of("author", "a" + i % 10, "n", (long) i)));
      }
      return inserted;
    });
    List<String> sorted = ids.stream().sorted().toList();

    ConvexEngine stopped = ConvexEngine.builder(db.dataSource(), schema(true, false))
        .afterBackfillBatch(index -> false).build();
    assertThat(stopped.aggregateIndexState("posts", "agg_author"))
        .isEqualTo(IndexState.BUILDING);
    assertThat(stopped.aggregateIndexState("fresh", "agg_k"))
        .as("a new table's aggregate index is ready at once").isEqualTo(IndexState.READY);
    ConvexOrm building = new ConvexOrm(stopped);
    assertThatThrownBy(() -> building.query("posts").where(eq("author", "a1")).count())
        .isInstanceOf(IndexNotReadyException.class)
        .hasMessageContaining("posts.agg_author").hasMessageContaining("not ready");

    // Writes while it builds: before the progress (the first batch), after it, and new rows.
    stopped.mutation(tx -> {
      tx.patch(sorted.get(0), Map.of("author", "a10", "n", 5_000L));
      tx.patch(sorted.get(ROWS - 1), Map.of("author", "a10", "n", 7_000L));
      tx.delete(sorted.get(1));
      tx.delete(sorted.get(ROWS - 2));
      tx.insert("posts", Map.of("author", "a11", "n", -3L));
      tx.insert("posts", Map.of("author", "a11", "n", 4L));
      return null;
    });

    AtomicInteger crashed = new AtomicInteger();
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(), schema(true, false))
        .afterBackfillBatch(index -> {
          crashed.incrementAndGet();
          throw new IllegalStateException("crash during the backfill");
        }).build()).hasMessageContaining("crash during the backfill");
    assertThat(crashed).hasValue(1);
    assertThat(stopped.aggregateIndexState("posts", "agg_author"))
        .isEqualTo(IndexState.BUILDING);

    AtomicInteger batches = new AtomicInteger();
    ConvexEngine finished = ConvexEngine.builder(db.dataSource(), schema(true, false))
        .afterBackfillBatch(index -> batches.incrementAndGet() > 0).build();
    assertThat(batches).as("1,200 rows in batches of 500: one batch was left").hasValue(1);
    assertThat(finished.aggregateIndexState("posts", "agg_author")).isEqualTo(IndexState.READY);
    assertThat(stopped.aggregateIndexState("posts", "agg_author")).isEqualTo(IndexState.READY);
    assertExact(finished);
    assertExact(stopped);
    stopped.mutation(tx -> tx.insert("posts", Map.of("author", "a3", "n", 1L)));
    assertExact(finished);

    // A changed definition is a new index, built again from the rows; the old one is dropped.
    ConvexEngine changed = ConvexEngine.builder(db.dataSource(), schema(true, true)).build();
    assertThat(changed.aggregateIndexState("posts", "agg_author")).isEqualTo(IndexState.READY);
    assertExact(changed);
    assertThat(new ConvexOrm(changed).query("posts").where(eq("author", "a10"))
        .aggregate(Aggregation.of().max("n")).max("n")).isEqualTo(new ConvexInt64(7_000));
    // An engine that saw the old definition READY reads no empty buckets of it: it fails.
    assertThatThrownBy(() -> new ConvexOrm(finished).query("posts").where(eq("author", "a1"))
        .count())
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("another build dropped or changed it");
    // A build that does not declare it (an older one, during a rolling deploy) keeps it and
    // maintains it with every write, so the declaring build finds it exact, not rebuilt.
    long indexes = rowsOf(db, "bc_aggregates");
    ConvexEngine undeclaring = ConvexEngine.builder(db.dataSource(), schema(false, false)).build();
    assertThatThrownBy(() -> undeclaring.aggregateIndexState("posts", "agg_author"))
        .isInstanceOf(InvalidIndexRangeException.class).hasMessageContaining("not found");
    assertThat(rowsOf(db, "bc_aggregates")).isEqualTo(indexes);
    String written = undeclaring.mutation(tx -> tx.insert("posts", Map.of("author", "a4", "n", 9L)));
    undeclaring.mutation(tx -> {
      tx.patch(written, Map.of("author", "a5", "n", -3L));
      return null;
    });
    undeclaring.mutation(tx -> tx.insert("fresh", Map.of("k", "x")));
    AtomicInteger rebuilt = new AtomicInteger();
    ConvexEngine newer = ConvexEngine.builder(db.dataSource(), schema(true, true))
        .afterBackfillBatch(index -> rebuilt.incrementAndGet() > 0).build();
    assertThat(rebuilt).as("batches built again").hasValue(0);
    assertExact(newer);
    assertThat(new ConvexOrm(newer).query("fresh").where(eq("k", "x")).count()).isEqualTo(1);

    // Dropping it is an explicit choice.
    ConvexEngine without = ConvexEngine.builder(db.dataSource(), schema(false, false))
        .settings(EngineSettings.DEFAULTS.withBootstrap(
            EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED)).build();
    assertThatThrownBy(() -> without.aggregateIndexState("posts", "agg_author"))
        .isInstanceOf(InvalidIndexRangeException.class).hasMessageContaining("not found");
    for (String table : List.of("bc_aggregates", "bc_agg_buckets", "bc_agg_entries")) {
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
}
