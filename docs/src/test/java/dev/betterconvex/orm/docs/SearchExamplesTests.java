package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.ne;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Runs the examples of docs/search.md and checks the explain() output quoted there. */
class SearchExamplesTests {

  static Schema schema() {
    return Schema.builder()
        .table("messages", t -> {
          t.field("body", FieldType.string()).notNull();
          t.field("channel", FieldType.string()).notNull();
          t.field("author", FieldType.string());
          t.searchIndex("search_body", "body", "channel");
        })
        .build();
  }

  @DatabaseTest
  void searchExamples(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema()).build();
    ConvexOrm orm = new ConvexOrm(engine);
    engine.mutation(tx -> {
      tx.insert("messages", Map.of("body", "Hello world, hello everyone", "channel", "general",
          "author", "ada"));
      tx.insert("messages", Map.of("body", "The world is wide", "channel", "general",
          "author", "bob"));
      tx.insert("messages", Map.of("body", "hello from the random channel", "channel", "random",
          "author", "ada"));
      return null;
    });

    List<Document> hits = orm.query("messages")
        .withSearchIndex("search_body", q -> q.search("body", "hello wor").eq("channel", "general"))
        .limit(10)
        .findMany();
    assertThat(hits).extracting(d -> d.getJava("body"))
        .containsExactly("Hello world, hello everyone", "The world is wide");

    List<Map<String, @Nullable Object>> scored = orm.query("messages")
        .withSearchIndex("search_body", q -> q.search("body", "hello"))
        .includeScore()
        .columns("body")
        .findMany();
    assertThat(scored).hasSize(2);
    assertThat(scored.get(0)).containsOnlyKeys("body", "_score");
    assertThat((Double) scored.get(0).get("_score"))
        .isGreaterThan((Double) scored.get(1).get("_score"));

    String cursor = null;
    PaginationResult<Document> page;
    List<Object> bodies = new ArrayList<>();
    do {
      page = orm.query("messages")
          .withSearchIndex("search_body", q -> q.search("body", "hello world"))
          .paginate(PaginationOptions.first(2).after(cursor));
      page.page().forEach(d -> bodies.add(d.getJava("body")));
      cursor = page.continueCursor();
    } while (!page.isDone());
    assertThat(bodies).hasSize(3);

    List<String> inMutation = engine.mutation(tx -> {
      tx.insert("messages", Map.of("body", "brand new words", "channel", "general"));
      return orm.query("messages")
          .withSearchIndex("search_body", q -> q.search("body", "brand"))
          .findMany().stream().map(Document::id).toList();
    });
    assertThat(inMutation).hasSize(1);

    assertThat(orm.query("messages")
        .withSearchIndex("search_body", q -> q.search("body", "Hello wor").eq("channel", "general"))
        .where(ne("author", "bob"))
        .limit(10)
        .explain()).hasToString("""
            table: messages
            search index: search_body (BM25 over body, filter fields [channel])
            search: body matches "Hello wor", terms [hello], prefix "wor"
            filters: channel == "general"
            post-filter: ne(author, "bob")
            order: relevance (BM25, k1 = 1.2, b = 0.75), ties by _id
            limit: 10, at most 1024 results per search""");
  }
}
