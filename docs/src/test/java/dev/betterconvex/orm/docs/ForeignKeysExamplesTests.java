package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.mutation.ForeignKeyViolationException;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.InvalidSchemaException;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Runs the examples of docs/foreign-keys.md, as written there, and checks what the page says. */
class ForeignKeysExamplesTests {

  @DatabaseTest
  void foreignKeysExamples(TestDatabase db) {
    DataSource dataSource = db.dataSource();
    // "Declaring"
    Schema schema = Schema.builder()
        .table("users", t -> t.field("name", FieldType.string()).notNull())
        .table("posts", t -> {
          t.field("authorId", FieldType.id("users")).notNull()
              .references("users", ReferentialAction.CASCADE);
          t.field("title", FieldType.string()).notNull();
          t.index("by_author", "authorId");
        })
        .table("comments", t -> {
          t.field("postId", FieldType.id("posts")).notNull()
              .references("posts", ReferentialAction.CASCADE);
          t.field("body", FieldType.string());
          t.index("by_post", "postId");
        })
        .table("drafts", t -> {
          t.field("ownerId", FieldType.id("users")).references("users", ReferentialAction.SET_NULL);
          t.index("by_owner", "ownerId");
        })
        .table("invoices", t -> {
          t.field("userId", FieldType.id("users")).notNull().references("users");
          t.index("by_user", "userId");
        })
        .table("categories", t -> {
          t.field("code", FieldType.string()).notNull().unique();
          t.index("by_code", "code");
        })
        .table("products", t -> {
          t.field("name", FieldType.string()).notNull();
          t.field("categoryCode", FieldType.string()).defaultValue("misc")
              .references("categories", "code", ReferentialAction.SET_DEFAULT,
                  ReferentialAction.CASCADE);
          t.index("by_category", "categoryCode");
        })
        .build();
    ConvexEngine engine = ConvexEngine.builder(dataSource, schema).build();
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine));

    String adaId = insert(mutations, "users", Map.of("name", "ada"));
    String post = insert(mutations, "posts", Map.of("authorId", adaId, "title", "p"));
    insert(mutations, "comments", Map.of("postId", post, "body", "c"));
    String draft = insert(mutations, "drafts", Map.of("ownerId", adaId));

    // "The parent must exist"
    String goneUserId = insert(mutations, "users", Map.of("name", "gone"));
    mutations.delete("users").where(eq("_id", goneUserId)).execute();
    assertThatThrownBy(() ->
        mutations.insert("posts").values(Map.of("authorId", goneUserId, "title", "orphan"))
            .execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessage("Foreign key \"posts_authorId_fk\" of table \"posts\" is violated: no row "
            + "of table \"users\" has _id = \"" + goneUserId + "\" (referenced by authorId = \""
            + goneUserId + "\")");

    // "Actions"
    String bob = insert(mutations, "users", Map.of("name", "bob"));
    String invoice = insert(mutations, "invoices", Map.of("userId", bob));
    mutations.delete("users").where(eq("_id", adaId)).execute();
    assertThat(rows(mutations, "posts")).isEmpty();
    assertThat(rows(mutations, "comments")).isEmpty();
    assertThat(rows(mutations, "drafts")).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo(draft);
      assertThat(d.getJava("ownerId")).isNull();
    });

    insert(mutations, "categories", Map.of("code", "misc"));
    insert(mutations, "categories", Map.of("code", "toys"));
    insert(mutations, "products", Map.of("name", "ball", "categoryCode", "toys"));
    mutations.update("categories").set(Map.of("code", "games")).where(eq("code", "toys"))
        .execute();
    assertThat(rows(mutations, "products")).extracting(d -> d.getJava("categoryCode"))
        .containsExactly("games");
    mutations.delete("categories").where(eq("code", "games")).execute();
    assertThat(rows(mutations, "products")).extracting(d -> d.getJava("categoryCode"))
        .containsExactly("misc");

    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", bob)).execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessageStartingWith("Cannot delete row " + bob + " of table \"users\": foreign key "
            + "\"invoices_userId_fk\" of table \"invoices\" (on delete NO_ACTION, which behaves "
            + "as RESTRICT) still references it from row " + invoice + " with userId = \"" + bob
            + "\"");

    // "Indexes"
    assertThatThrownBy(() -> Schema.builder()
        .table("users", t -> t.field("name", FieldType.string()))
        .table("posts", t -> t.field("authorId", FieldType.id("users"))
            .references("users", ReferentialAction.CASCADE))
        .build())
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("Table \"posts\", foreign key \"posts_authorId_fk\": on delete "
            + "CASCADE needs an index on table \"posts\" whose leading fields are [authorId] to "
            + "find the child rows; add index(\"by_authorId\", \"authorId\") or @Index(name = "
            + "\"by_authorId\", fields = {\"authorId\"})");
  }

  private static String insert(ConvexMutations mutations, String table, Map<String, ?> row) {
    return mutations.insert(table).values(row).returning().execute().rows().get(0).id();
  }

  private static List<Document> rows(ConvexMutations mutations, String table) {
    return mutations.orm().query(table).allowFullScan().findMany();
  }
}
