package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.mutation.MutationPage;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Update and delete change only rows the caller can read under the SELECT policies, whatever
 * their own policies allow (as PostgreSQL's row security does); an upsert that meets a row the
 * caller cannot read or update fails. Foreign-key actions answer to the child's UPDATE or
 * DELETE policy only.
 */
class SelectPolicyLimitsWritesTests {

  static final Schema SCHEMA = Schema.builder()
      .table("lists", t -> t.field("name", FieldType.string()).notNull())
      .table("tasks", t -> {
        t.field("listId", FieldType.id("lists")).references("lists", ReferentialAction.CASCADE);
        t.field("code", FieldType.string()).notNull();
        t.field("ownerId", FieldType.string()).notNull();
        t.field("archived", FieldType.bool()).notNull();
        t.field("text", FieldType.string());
        t.index("by_owner", "ownerId");
        t.index("by_list", "listId");
        t.index("by_code", "code");
        t.unique("tasks_code_unique", "code");
      })
      .build();

  /** Reads: only one's own tasks. Updates and deletes: any task. */
  static RowLevelSecurity ownReadsAnyWrites() {
    return RowLevelSecurity.builder()
        .policy(Policy.permissive("read own", "tasks").on(Operation.SELECT)
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .policy(Policy.permissive("insert own", "tasks").on(Operation.INSERT)
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .policy(Policy.permissive("change any", "tasks").on(Operation.UPDATE, Operation.DELETE)
            .build())
        .build();
  }

  record Fixture(ConvexOrm orm, ConvexMutations mutations, ConvexMutations unguarded,
      Map<String, String> ids) {

    List<Document> all() {
      return unguarded.orm().query("tasks").allowFullScan().findMany();
    }

    Document task(String code) {
      return unguarded.orm().query("tasks").where(eq("code", code)).allowFullScan().findFirst()
          .orElseThrow();
    }
  }

  static Fixture fixture(TestDatabase db, RowLevelSecurity rls) {
    ConvexOrm plain = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    ConvexMutations unguarded = new ConvexMutations(plain);
    String list = unguarded.insert("lists").values(Map.of("name", "l")).returning().execute()
        .rows().get(0).id();
    Map<String, String> ids = new java.util.HashMap<>();
    for (String code : List.of("ada-1", "ada-2", "ada-old", "bob-1", "bob-2")) {
      ids.put(code, unguarded.insert("tasks").values(Map.of("listId", list, "code", code,
          "ownerId", code.substring(0, 3), "archived", code.endsWith("old"), "text", "t")).returning()
          .execute().rows().get(0).id());
    }
    ids.put("list", list);
    ConvexOrm orm = plain.withRowLevelSecurity(rls, () -> PolicyContext.of("ada", Set.of()));
    return new Fixture(orm, new ConvexMutations(orm), unguarded, ids);
  }

  @DatabaseTest
  void updateAndDeleteSkipRowsTheCallerCannotRead(TestDatabase db) {
    Fixture f = fixture(db, ownReadsAnyWrites());
    assertThat(f.mutations().update("tasks").set(Map.of("text", "changed"))
        .where(eq("ownerId", "bob")).execute().affected()).isZero();
    assertThat(f.mutations().delete("tasks").where(eq("_id", f.ids().get("bob-1"))).execute()
        .affected()).isZero();
    assertThat(f.mutations().update("tasks").set(Map.of("text", "changed")).allowFullScan()
        .returning().execute().rows()).extracting(d -> d.getJava("code"))
        .containsExactlyInAnyOrder("ada-1", "ada-2", "ada-old");
    MutationPage<Document> page = f.mutations().update("tasks").set(Map.of("text", "paged"))
        .allowFullScan().paginate(PaginationOptions.first(10));
    assertThat(page.affected()).isEqualTo(3);
    assertThat(f.all()).filteredOn(d -> d.getJava("ownerId").equals("bob"))
        .extracting(d -> d.getJava("text")).containsOnly("t");
    assertThat(f.mutations().delete("tasks").allowFullScan().execute().affected()).isEqualTo(3);
    assertThat(f.all()).extracting(d -> d.getJava("code")).containsExactlyInAnyOrder("bob-1",
        "bob-2");
  }

  @DatabaseTest
  void aRestrictiveSelectPolicyKeepsRowsFromUpdatesAndDeletes(TestDatabase db) {
    Fixture f = fixture(db, RowLevelSecurity.builder()
        .policy(Policy.permissive("everyone", "tasks").build())
        .policy(Policy.restrictive("hide archived", "tasks").on(Operation.SELECT)
            .using(Condition.where(ctx -> eq("archived", false))).build())
        .build());
    assertThat(f.mutations().update("tasks").set(Map.of("text", "changed"))
        .where(eq("ownerId", "ada")).execute().affected()).isEqualTo(2);
    assertThat(f.task("ada-old").getJava("text")).isEqualTo("t");
    assertThat(f.mutations().delete("tasks").where(eq("_id", f.ids().get("ada-old"))).execute()
        .affected()).isZero();
    assertThat(f.mutations().delete("tasks").allowFullScan().execute().affected()).isEqualTo(4);
    assertThat(f.all()).extracting(d -> d.getJava("code")).containsExactly("ada-old");
  }

  @DatabaseTest
  void anUpsertOntoARowTheCallerCannotReadOrUpdateFails(TestDatabase db) {
    Fixture f = fixture(db, ownReadsAnyWrites());
    assertThatThrownBy(() -> f.mutations().insert("tasks").values(Map.of("code", "bob-1",
        "ownerId", "ada", "archived", false)).onConflictDoUpdate("code", Map.of("ownerId", "ada"))
        .execute())
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("table \"tasks\"").hasMessageNotContaining(f.ids().get("bob-1"));
    assertThat(f.task("bob-1").getJava("ownerId")).isEqualTo("bob");
    // A row the caller reads, and may update, is upserted.
    assertThat(f.mutations().insert("tasks").values(Map.of("code", "ada-1", "ownerId", "ada",
        "archived", false)).onConflictDoUpdate("code", Map.of("text", "upserted")).execute()
        .affected()).isEqualTo(1);
    assertThat(f.task("ada-1").getJava("text")).isEqualTo("upserted");
    // Readable but not updatable: the upsert fails too.
    ConvexOrm readAll = f.unguarded().orm().withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("read all", "tasks").on(Operation.SELECT).build())
        .policy(Policy.permissive("write own", "tasks").on(Operation.INSERT, Operation.UPDATE)
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .build(), () -> PolicyContext.of("ada", Set.of()));
    assertThatThrownBy(() -> new ConvexMutations(readAll).insert("tasks").values(Map.of("code",
        "bob-2", "ownerId", "ada", "archived", false)).onConflictDoUpdate("code",
        Map.of("ownerId", "ada")).execute())
        .isInstanceOf(RowLevelSecurityException.class);
    assertThat(f.task("bob-2").getJava("ownerId")).isEqualTo("bob");
  }

  @DatabaseTest
  void aForeignKeyActionAnswersToTheChildsOwnPolicyOnly(TestDatabase db) {
    Fixture f = fixture(db, ownReadsAnyWrites());
    // ada cannot read bob's tasks, but their DELETE policy allows the cascade to remove them.
    assertThat(f.mutations().delete("lists").where(eq("_id", f.ids().get("list"))).execute()
        .affected()).isEqualTo(1);
    assertThat(f.all()).isEmpty();
  }
}
