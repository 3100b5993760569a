package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class UpdateDeleteTests {

  private final AtomicInteger stamps = new AtomicInteger();

  private ConvexMutations seeded(TestDatabase db, int tasks) {
    Schema schema = Schema.builder()
        .table("tasks", t -> {
          t.field("title", FieldType.string()).notNull();
          t.field("status", FieldType.string()).notNull();
          t.field("priority", FieldType.int64());
          t.field("note", FieldType.string());
          t.field("updatedAt", FieldType.int64()).onUpdate(() -> (long) stamps.incrementAndGet());
          t.index("by_status", "status");
          t.index("by_priority", "priority");
        })
        .build();
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(
        ConvexEngine.builder(db.dataSource(), schema).build()));
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      rows.add(Map.of("title", "t" + i, "status", i % 2 == 0 ? "open" : "done",
          "priority", (long) i, "note", "n" + i, "updatedAt", 0L));
    }
    if (tasks > 0) {
      mutations.insert("tasks").values(rows).execute();
    }
    return mutations;
  }

  private static List<Document> all(ConvexMutations mutations) {
    return mutations.orm().query("tasks").allowFullScan().findMany();
  }

  @DatabaseTest
  void updateSetsTheMatchingRowsAndReturnsThem(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 6);
    MutationResult<Document> result = mutations.update("tasks")
        .set(Map.of("status", "archived"))
        .where(eq("status", "open"))
        .returning()
        .execute();
    assertThat(result.affected()).isEqualTo(3);
    assertThat(result.rows()).extracting(d -> d.getJava("status")).containsOnly("archived");
    assertThat(result.rows()).extracting(d -> d.getJava("updatedAt")).doesNotContain(0L);
    assertThat(all(mutations)).filteredOn(d -> "open".equals(d.getJava("status"))).isEmpty();
    assertThat(stamps.get()).isEqualTo(3);
  }

  @DatabaseTest
  void theOnUpdateFunctionDoesNotOverrideAFieldTheSetNames(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 2);
    Map<String, Object> returned = mutations.update("tasks")
        .set(Map.of("updatedAt", 42L))
        .where(eq("title", "t0")).allowFullScan()
        .returning("title", "updatedAt")
        .execute().rows().get(0);
    assertThat(returned).containsEntry("title", "t0").containsEntry("updatedAt", 42L);
    assertThat(stamps.get()).isZero();
  }

  @DatabaseTest
  void anEmptySetDoesNothingAndRunsNoHook(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 4);
    List<Document> before = all(mutations);
    MutationResult<Document> result = mutations.update("tasks").set(Map.of()).returning()
        .execute();
    assertThat(result.affected()).isZero();
    assertThat(result.rows()).isEmpty();
    assertThat(stamps.get()).isZero();
    assertThat(all(mutations)).isEqualTo(before);
  }

  @DatabaseTest
  void updateAndDeleteWithoutWhereNeedAllowFullScan(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 4);
    assertThatThrownBy(() -> mutations.update("tasks").set(Map.of("status", "x")).execute())
        .isInstanceOf(UnboundedQueryException.class)
        .hasMessageContaining("update on table \"tasks\" has no where()")
        .hasMessageContaining("allowFullScan()");
    assertThatThrownBy(() -> mutations.delete("tasks").execute())
        .isInstanceOf(UnboundedQueryException.class)
        .hasMessageContaining("delete on table \"tasks\" has no where()");
    assertThatThrownBy(() -> mutations.delete("tasks").where(eq("title", "t1")).execute())
        .isInstanceOf(UnboundedQueryException.class)
        .hasMessageContaining("would read the whole table");
    assertThat(all(mutations)).hasSize(4);
    assertThat(mutations.update("tasks").set(Map.of("status", "x")).allowFullScan().execute()
        .affected()).isEqualTo(4);
    assertThat(mutations.delete("tasks").allowFullScan().execute().affected()).isEqualTo(4);
    assertThat(all(mutations)).isEmpty();
  }

  @DatabaseTest
  void aWhereThatCanMatchNothingChangesNothing(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 4);
    List<Document> before = all(mutations);
    String absent = mutations.insert("tasks").values(Map.of("title", "x", "status", "open"))
        .returning().execute().rows().get(0).id();
    mutations.delete("tasks").where(eq("_id", absent)).execute();
    assertThat(mutations.update("tasks").set(Map.of("status", "x"))
        .where(eq("_id", absent)).execute().affected()).isZero();
    assertThat(mutations.update("tasks").set(Map.of("status", "x"))
        .where(eq("_id", "not-an-id")).execute().affected()).isZero();
    assertThat(mutations.delete("tasks").where(eq("_id", "not-an-id")).explain().readsNothing())
        .isTrue();
    assertThat(mutations.delete("tasks").where(eq("_id", "not-an-id")).execute().affected())
        .isZero();
    assertThat(all(mutations)).isEqualTo(before);
  }

  @DatabaseTest
  void unsetRemovesAFieldAndRemovingANotNullFieldIsAnError(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 2);
    Document updated = mutations.update("tasks").set(Map.of("note", DatabaseWriter.UNSET))
        .where(eq("status", "open")).returning().execute().rows().get(0);
    assertThat(updated.fields().fields()).doesNotContainKey("note");
    assertThatThrownBy(() -> mutations.update("tasks").set(Map.of("title", DatabaseWriter.UNSET))
        .where(eq("status", "open")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("Cannot unset field \"title\" of table \"tasks\": it is declared not null");
    assertThatThrownBy(() -> mutations.update("tasks").set(Map.of("nope", 1))
        .where(eq("status", "open")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("Cannot set field \"nope\" of table \"tasks\"");
  }

  @DatabaseTest
  void aWrongTypeInSetNamesTheTableAndField(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 2);
    assertThatThrownBy(() -> mutations.update("tasks").set(Map.of("priority", "high"))
        .where(eq("status", "open")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("table \"tasks\"")
        .hasMessageContaining("Field `priority` must be int64, got string \"high\"");
  }

  @DatabaseTest
  void deleteRemovesTheMatchingRowsAndReturnsThemAsTheyWere(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 6);
    MutationResult<Map<String, Object>> result = mutations.delete("tasks")
        .where(gte("priority", 4L))
        .returning("title", "priority")
        .execute();
    assertThat(result.affected()).isEqualTo(2);
    assertThat(result.rows()).extracting(r -> r.get("title")).containsExactlyInAnyOrder("t4",
        "t5");
    assertThat(all(mutations)).hasSize(4);
  }

  @DatabaseTest
  void largeUpdatesAndDeletesRunPageByPage(TestDatabase db) {
    ConvexMutations mutations = seeded(db, 25);
    String cursor = null;
    int pages = 0;
    int affected = 0;
    MutationPage<Document> page;
    do {
      page = mutations.update("tasks").set(Map.of("status", "closed"))
          .where(eq("status", "open"))
          .paginate(PaginationOptions.first(5).after(cursor));
      affected += page.affected();
      cursor = page.continueCursor();
      pages++;
    } while (!page.isDone());
    assertThat(affected).isEqualTo(13);
    assertThat(pages).isBetween(3, 4);
    assertThat(all(mutations)).filteredOn(d -> "open".equals(d.getJava("status"))).isEmpty();

    cursor = null;
    affected = 0;
    do {
      page = mutations.delete("tasks").allowFullScan().returning()
          .paginate(PaginationOptions.first(10).after(cursor));
      assertThat(page.rows()).hasSize(page.affected());
      affected += page.affected();
      cursor = page.continueCursor();
    } while (!page.isDone());
    assertThat(affected).isEqualTo(25);
    assertThat(all(mutations)).isEmpty();
  }
}
