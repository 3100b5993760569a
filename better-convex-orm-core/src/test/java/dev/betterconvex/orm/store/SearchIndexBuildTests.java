package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class SearchIndexBuildTests {

  private static final int ROWS = 1_200;

  private static Schema schema(boolean withSearch, String... filterFields) {
    return Schema.builder()
        .table("notes", t -> {
          t.field("text", FieldType.string());
          t.field("owner", FieldType.string());
          if (withSearch) {
            t.searchIndex("search_text", "text", filterFields);
          }
        })
        .build();
  }

  private static List<String> search(ConvexEngine engine, String term,
      Map<String, ConvexValue> filters) {
    return engine.query(tx -> EngineInternals.of(tx).search("notes", "search_text", List.of(term),
        filters, null, 2048).hits().stream().map(SearchHits.Hit::id).toList());
  }

  @DatabaseTest
  void aSearchIndexAddedToATableWithRowsIsBuiltInResumableBatchesAndRefusedUntilReady(
      TestDatabase db) {
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    List<String> ids = older.mutation(tx -> {
      List<String> inserted = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        inserted.add(tx.insert("notes", Map.of("text", "note w" + i % 10, "owner", "o" + i % 3)));
      }
      return inserted;
    });

    ConvexEngine stopped = ConvexEngine.builder(db.dataSource(), schema(true, "owner"))
        .afterBackfillBatch(index -> false).build();
    assertThatThrownBy(() -> search(stopped, "w1", Map.of()))
        .isInstanceOf(IndexNotReadyException.class).hasMessageContaining("notes.search_text");

    // The first document in id order, indexed by the first batch, deleted by the older build,
    // which does not know the index yet: the last step removes what it left behind.
    String indexedFirst = ids.subList(2, ids.size()).stream().sorted().findFirst().orElseThrow();
    older.mutation(tx -> {
      tx.delete(indexedFirst);
      return null;
    });

    // While it builds, both builds write: the newer one maintains it; the older one's update
    // learns of it (the index-set version moved), its insert is found by the last step.
    String byNewer = stopped.mutation(tx -> tx.insert("notes", Map.of("text", "newer")));
    String byOlder = older.mutation(tx -> tx.insert("notes", Map.of("text", "older")));
    older.mutation(tx -> {
      tx.patch(ids.get(0), Map.of("text", "patched"));
      return null;
    });
    stopped.mutation(tx -> {
      tx.delete(ids.get(1));
      return null;
    });

    AtomicInteger crashed = new AtomicInteger();
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(), schema(true, "owner"))
        .afterBackfillBatch(index -> {
          crashed.incrementAndGet();
          throw new IllegalStateException("crash during the backfill");
        }).build()).hasMessageContaining("crash during the backfill");
    assertThat(crashed).hasValue(1);

    // The next start resumes after the two batches done: one batch is left.
    AtomicInteger batches = new AtomicInteger();
    ConvexEngine finished = ConvexEngine.builder(db.dataSource(), schema(true, "owner"))
        .afterBackfillBatch(index -> batches.incrementAndGet() > 0).build();
    assertThat(batches).hasValue(1);

    for (ConvexEngine engine : List.of(finished, stopped)) {
      java.util.Set<String> gone = java.util.Set.of(ids.get(0), ids.get(1), indexedFirst);
      for (int k = 0; k < 10; k++) {
        int w = k;
        List<String> expected = java.util.stream.IntStream.range(0, ROWS)
            .filter(i -> i % 10 == w).mapToObj(ids::get).filter(id -> !gone.contains(id)).toList();
        assertThat(search(engine, "w" + k, Map.of())).containsExactlyInAnyOrderElementsOf(expected);
      }
      List<String> ownedByO0 = java.util.stream.IntStream.range(0, ROWS)
          .filter(i -> i % 10 == 3 && i % 3 == 0).mapToObj(ids::get)
          .filter(id -> !gone.contains(id)).toList();
      assertThat(search(engine, "w3", Map.of("owner", new ConvexString("o0"))))
          .containsExactlyInAnyOrderElementsOf(ownedByO0);
      assertThat(search(engine, "patched", Map.of())).containsExactly(ids.get(0));
      assertThat(search(engine, "newer", Map.of())).containsExactly(byNewer);
      assertThat(search(engine, "older", Map.of())).containsExactly(byOlder);
      assertThat(search(engine, "note", Map.of())).hasSize(ROWS - 3).doesNotContain(indexedFirst);
    }
  }

  @DatabaseTest
  void aChangedDefinitionIsANewIndexAndAnUndeclaredOneIsKeptUnlessDropped(TestDatabase db) {
    ConvexEngine first = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    String id = first.mutation(tx -> tx.insert("notes", Map.of("text", "alpha", "owner", "x")));
    ConvexEngine changed = ConvexEngine.builder(db.dataSource(), schema(true, "owner")).build();
    assertThat(search(changed, "alpha", Map.of("owner", new ConvexString("x"))))
        .containsExactly(id);
    ConvexEngine without = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    String later = without.mutation(tx -> tx.insert("notes", Map.of("text", "alpha beta")));
    // the undeclared index was maintained by the build that does not declare it
    ConvexEngine again = ConvexEngine.builder(db.dataSource(), schema(true, "owner")).build();
    assertThat(search(again, "alpha", Map.of())).containsExactlyInAnyOrder(id, later);
    ConvexEngine.builder(db.dataSource(), schema(false)).settings(EngineSettings.DEFAULTS
        .withBootstrap(EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED))
        .build();
    ConvexEngine rebuilt = ConvexEngine.builder(db.dataSource(), schema(true, "owner")).build();
    assertThat(search(rebuilt, "beta", Map.of())).containsExactly(later);
  }
}
