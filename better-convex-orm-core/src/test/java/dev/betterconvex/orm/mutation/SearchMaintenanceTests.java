package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.schema.ReferentialAction.CASCADE;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The search index follows the ORM's writes, foreign-key actions included (they go through the
 * same store writes), and relations load on search results.
 */
class SearchMaintenanceTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> t.field("name", FieldType.string()).notNull())
      .table("articles", t -> {
        t.field("authorId", FieldType.id("users")).notNull().references("users", CASCADE);
        t.field("editorId", FieldType.id("users")).references("users", SET_NULL);
        t.field("body", FieldType.string());
        t.index("by_author", "authorId");
        t.index("by_editor", "editorId");
        t.searchIndex("search_body", "body", "editorId");
        t.one("author", "users").fields("authorId").references("_id");
      })
      .build();

  static FindQuery<Document> search(ConvexOrm orm, String text) {
    return orm.query("articles").withSearchIndex("search_body", q -> q.search("body", text));
  }

  @DatabaseTest
  void foreignKeyActionsAndOrmWritesKeepTheIndexCurrent(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    ConvexMutations mutations = new ConvexMutations(orm);
    String ada = orm.engine().mutation(tx -> tx.insert("users", Map.of("name", "Ada")));
    String bob = orm.engine().mutation(tx -> tx.insert("users", Map.of("name", "Bob")));
    String first = mutations.insert("articles").values(Map.of("authorId", ada, "editorId", bob,
        "body", "graph theory")).returning().execute().rows().get(0).id();
    String second = mutations.insert("articles").values(Map.of("authorId", bob, "editorId", bob,
        "body", "graph databases")).returning().execute().rows().get(0).id();

    // relations load on search results
    List<Row> rows = search(orm, "graph theory").rows().with("author").findMany();
    assertThat(rows).extracting(Row::id).containsExactly(first, second);
    assertThat(rows.get(0).one("author").orElseThrow().get("name")).isEqualTo("Ada");

    // an ORM update re-indexes the text
    mutations.update("articles").set(Map.of("body", "set theory")).where(eq("_id", second))
        .execute();
    assertThat(search(orm, "databases").findMany()).isEmpty();
    assertThat(search(orm, "theory").findMany()).extracting(Document::id)
        .containsExactlyInAnyOrder(first, second);

    // SET NULL changes a filter field: the index filters on the new value
    mutations.delete("users").where(eq("_id", bob)).execute();
    assertThat(search(orm, "theory").findMany()).extracting(Document::id).containsExactly(first);
    assertThat(orm.query("articles").withSearchIndex("search_body", q -> q.search("body",
        "theory").eq("editorId", bob)).findMany()).isEmpty();
    @Nullable Object none = null;
    assertThat(orm.query("articles").withSearchIndex("search_body", q -> q.search("body",
        "theory").eq("editorId", none)).findMany()).extracting(Document::id)
        .containsExactly(first);

    // CASCADE deletes the article: the search never returns it
    mutations.delete("users").where(eq("_id", ada)).execute();
    assertThat(search(orm, "theory").findMany()).isEmpty();
    assertThat(search(orm, "graph").count()).isZero();
  }
}
