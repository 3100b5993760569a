package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class IndexBuildTests {

  private static final int ROWS = 1_200;

  private static Schema schema(boolean withAuthorIndex) {
    return Schema.builder()
        .table("posts", t -> {
          t.field("author", FieldType.string());
          if (withAuthorIndex) {
            t.index("by_author", "author");
          }
        })
        .build();
  }

  @DatabaseTest
  void anIndexAddedToATableWithRowsIsBuiltInResumableBatchesAndRefusedUntilReady(
      TestDatabase db) {
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    List<String> ids = older.mutation(tx -> {
      List<String> inserted = new java.util.ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        inserted.add(tx.insert("posts", Map.of("author", "a" + i % 10)));
      }
      return inserted;
    });

    // A newer build starts and its backfill stops after one batch: the index is visibly building.
    ConvexEngine stopped = ConvexEngine.builder(db.dataSource(), schema(true))
        .afterBackfillBatch(index -> false).build();
    assertThat(stopped.indexState("posts", "by_author")).isEqualTo(IndexState.BUILDING);
    assertThatThrownBy(() -> stopped.query(tx -> tx.query("posts")
        .withIndex("by_author", r -> r.eq("author", "a1")).collect()))
        .isInstanceOf(IndexNotReadyException.class)
        .hasMessageContaining("posts.by_author").hasMessageContaining("not ready");

    // While it builds, both builds write: the newer one maintains it, the older one learns of it.
    String byNewer = stopped.mutation(tx -> tx.insert("posts", Map.of("author", "newer")));
    String byOlder = older.mutation(tx -> tx.insert("posts", Map.of("author", "older")));
    older.mutation(tx -> {
      tx.patch(ids.get(0), Map.of("author", "patched"));
      return null;
    });

    // A start that crashes after its first batch keeps the progress of that batch.
    AtomicInteger crashed = new AtomicInteger();
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(), schema(true))
        .afterBackfillBatch(index -> {
          crashed.incrementAndGet();
          throw new IllegalStateException("crash during the backfill");
        }).build()).hasMessageContaining("crash during the backfill");
    assertThat(crashed).hasValue(1);
    assertThat(stopped.indexState("posts", "by_author")).isEqualTo(IndexState.BUILDING);

    // The next start resumes after the two batches done: 202 rows are left, one batch.
    AtomicInteger batches = new AtomicInteger();
    ConvexEngine finished = ConvexEngine.builder(db.dataSource(), schema(true))
        .afterBackfillBatch(index -> batches.incrementAndGet() > 0).build();
    assertThat(batches).hasValue(1);
    assertThat(finished.indexState("posts", "by_author")).isEqualTo(IndexState.READY);
    assertThat(stopped.indexState("posts", "by_author")).isEqualTo(IndexState.READY);

    for (ConvexEngine engine : List.of(finished, stopped)) {
      assertThat(byAuthor(engine, "a3")).hasSize(ROWS / 10);
      assertThat(byAuthor(engine, "a0")).hasSize(ROWS / 10 - 1);
      assertThat(byAuthor(engine, "patched")).containsExactly(ids.get(0));
      assertThat(byAuthor(engine, "newer")).containsExactly(byNewer);
      assertThat(byAuthor(engine, "older")).containsExactly(byOlder);
      assertThat(engine.<List<Document>>query(tx -> tx.query("posts").withIndex("by_author")
          .collect())).hasSize(ROWS + 2);
    }
  }

  private static List<String> byAuthor(ConvexEngine engine, String author) {
    return engine.query(tx -> tx.query("posts")
        .withIndex("by_author", r -> r.eq("author", author)).collect().stream()
        .map(Document::id).toList());
  }
}
