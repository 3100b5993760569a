package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class InsertTests {

  private final AtomicInteger slugs = new AtomicInteger();
  private final AtomicInteger stamps = new AtomicInteger();

  private Schema schema() {
    return Schema.builder()
        .table("posts", t -> {
          t.field("title", FieldType.string()).notNull();
          t.field("status", FieldType.string()).defaultValue("draft");
          t.field("slug", FieldType.string()).defaultFn(() -> "post-" + slugs.incrementAndGet());
          t.field("views", FieldType.int64()).notNull().defaultValue(0L);
          t.field("score", FieldType.float64());
          t.field("updatedAt", FieldType.int64()).onUpdate(() -> (long) stamps.incrementAndGet());
          t.index("by_slug", "slug");
          t.unique("posts_slug_unique", "slug");
        })
        .build();
  }

  private ConvexMutations mutations(TestDatabase db) {
    return new ConvexMutations(new ConvexOrm(ConvexEngine.builder(db.dataSource(), schema())
        .build()));
  }

  @DatabaseTest
  void insertsOneRowAndReturnsItWhole(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    MutationResult<Document> result = mutations.insert("posts")
        .values(Map.of("title", "Hello", "score", 2))
        .returning()
        .execute();
    assertThat(result.affected()).isEqualTo(1);
    Document post = result.rows().get(0);
    assertThat(post.id()).hasSize(32);
    assertThat(post.getJava("title")).isEqualTo("Hello");
    assertThat(post.getJava("score")).isEqualTo(2.0);
  }

  @DatabaseTest
  void insertsManyRowsAndReturnsChosenFields(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    MutationResult<Map<String, Object>> result = mutations.insert("posts")
        .values(Map.of("title", "a"), Map.of("title", "b"))
        .returning("_id", "title")
        .execute();
    assertThat(result.affected()).isEqualTo(2);
    assertThat(result.rows()).extracting(r -> r.get("title")).containsExactly("a", "b");
    assertThat(result.rows()).allSatisfy(r -> assertThat(r).containsOnlyKeys("_id", "title"));
  }

  @DatabaseTest
  void withoutReturningNoRowsComeBack(TestDatabase db) {
    MutationResult<Document> result = mutations(db).insert("posts")
        .values(Map.of("title", "a")).execute();
    assertThat(result.rows()).isEmpty();
    assertThat(result.affected()).isEqualTo(1);
  }

  @DatabaseTest
  void aStaticDefaultFillsOnlyAnAbsentFieldAndAnExplicitNullIsKept(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    Map<String, Object> explicitNull = new HashMap<>();
    explicitNull.put("title", "b");
    explicitNull.put("status", null);
    List<Document> rows = mutations.insert("posts")
        .values(Map.of("title", "a"), explicitNull,
            Map.of("title", "c", "status", DatabaseWriter.UNSET))
        .returning().execute().rows();
    assertThat(rows.get(0).getJava("status")).isEqualTo("draft");
    assertThat(rows.get(1).fields().fields()).containsKey("status");
    assertThat(rows.get(1).getJava("status")).isNull();
    assertThat(rows.get(2).getJava("status")).isEqualTo("draft");
    assertThat(rows.get(0).getJava("views")).isEqualTo(0L);
  }

  @DatabaseTest
  void aDefaultFunctionRunsPerRowAndTheOnUpdateFunctionFillsAMissingValue(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    List<Document> rows = mutations.insert("posts")
        .values(Map.of("title", "a"), Map.of("title", "b", "slug", "mine", "updatedAt", 100L))
        .returning().execute().rows();
    assertThat(rows.get(0).getJava("slug")).isEqualTo("post-1");
    assertThat(rows.get(1).getJava("slug")).isEqualTo("mine");
    assertThat(slugs.get()).isEqualTo(1);
    assertThat(rows.get(0).getJava("updatedAt")).isEqualTo(1L);
    assertThat(rows.get(1).getJava("updatedAt")).isEqualTo(100L);
    assertThat(stamps.get()).isEqualTo(1);
  }

  @DatabaseTest
  void aValueOfTheWrongTypeIsAnErrorNamingTableAndField(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    assertThatThrownBy(() -> mutations.insert("posts")
        .values(Map.of("title", "a", "views", "many")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("table \"posts\"")
        .hasMessageContaining("Field `views` must be a not-null int64, got string \"many\"");
    assertThatThrownBy(() -> mutations.insert("posts").values(Map.of("status", "x")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("table \"posts\"")
        .hasMessageContaining("missing the required field `title`");
    Map<String, Object> nullTitle = new HashMap<>();
    nullTitle.put("title", null);
    assertThatThrownBy(() -> mutations.insert("posts").values(nullTitle).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("Field `title` must be a not-null string, got null");
    assertThat(mutations.orm().query("posts").allowFullScan().findMany()).isEmpty();
  }

  @DatabaseTest
  void aFailingRowFailsTheWholeInsert(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    assertThatThrownBy(() -> mutations.insert("posts")
        .values(Map.of("title", "a"), Map.of("title", 5)).execute())
        .isInstanceOf(InvalidDocumentException.class);
    assertThat(mutations.orm().query("posts").allowFullScan().findMany()).isEmpty();
  }

  @DatabaseTest
  void systemFieldsCannotBeWritten(TestDatabase db) {
    assertThatThrownBy(() -> mutations(db).insert("posts")
        .values(Map.of("title", "a", "_id", "x")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("Field \"_id\" of table \"posts\" can't be written");
  }

  @DatabaseTest
  void onConflictDoNothingSkipsConflictingRows(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    mutations.insert("posts").values(Map.of("title", "a", "slug", "s")).execute();
    MutationResult<Document> any = mutations.insert("posts")
        .values(Map.of("title", "b", "slug", "s"), Map.of("title", "c", "slug", "t"))
        .onConflictDoNothing().returning().execute();
    assertThat(any.affected()).isEqualTo(1);
    assertThat(any.rows()).extracting(d -> d.getJava("title")).containsExactly("c");
    MutationResult<Document> targeted = mutations.insert("posts")
        .values(Map.of("title", "d", "slug", "t"))
        .onConflictDoNothing("slug").execute();
    assertThat(targeted.affected()).isZero();
    assertThat(mutations.orm().query("posts").where(eq("slug", "t")).limit(5).findMany())
        .extracting(d -> d.getJava("title")).containsExactly("c");
  }

  @DatabaseTest
  void onConflictDoUpdateUpdatesTheCollidingRowAndRunsTheOnUpdateHookOnce(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    Document original = mutations.insert("posts").values(Map.of("title", "a", "slug", "s"))
        .returning().execute().rows().get(0);
    int before = stamps.get();
    MutationResult<Document> upserted = mutations.insert("posts")
        .values(Map.of("title", "ignored", "slug", "s"))
        .onConflictDoUpdate("slug", Map.of("title", "updated"))
        .returning().execute();
    assertThat(stamps.get()).isEqualTo(before + 1);
    assertThat(upserted.affected()).isEqualTo(1);
    Document row = upserted.rows().get(0);
    assertThat(row.id()).isEqualTo(original.id());
    assertThat(row.getJava("title")).isEqualTo("updated");
    assertThat(row.getJava("updatedAt")).isEqualTo((long) before + 1);

    MutationResult<Document> inserted = mutations.insert("posts")
        .values(Map.of("title", "new", "slug", "u"))
        .onConflictDoUpdate(List.of("posts_slug_unique"), Map.of("title", "updated"))
        .returning().execute();
    assertThat(inserted.rows().get(0).getJava("title")).isEqualTo("new");
    assertThat(mutations.orm().query("posts").allowFullScan().findMany()).hasSize(2);
  }

  @DatabaseTest
  void anUpsertWithAnEmptySetLeavesTheRowAloneAndRunsNoHook(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    mutations.insert("posts").values(Map.of("title", "a", "slug", "s")).execute();
    int before = stamps.get();
    MutationResult<Document> result = mutations.insert("posts")
        .values(Map.of("title", "b", "slug", "s"))
        .onConflictDoUpdate("slug", Map.of()).execute();
    assertThat(result.affected()).isZero();
    assertThat(stamps.get()).isEqualTo(before);
  }

  @DatabaseTest
  void aConflictTargetMustBeAUniqueConstraint(TestDatabase db) {
    assertThatThrownBy(() -> mutations(db).insert("posts").onConflictDoNothing("title"))
        .hasMessageContaining("Conflict target [title] of table \"posts\" is not a unique "
            + "constraint")
        .hasMessageContaining("posts_slug_unique[slug]");
  }
}
