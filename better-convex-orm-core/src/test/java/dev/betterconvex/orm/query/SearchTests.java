package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.ne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

class SearchTests {

  static final Schema SCHEMA = Schema.builder()
      .table("posts", t -> {
        t.field("body", FieldType.string());
        t.field("authorId", FieldType.string()).notNull();
        t.field("title", FieldType.string());
        t.searchIndex("search_body", "body", "authorId");
      })
      .build();

  /** The hand-checked corpus: 4 documents of 4, 5, 10 and 2 terms: average length 5.25. */
  static Map<String, String> corpus(ConvexOrm orm) {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("fox", insert(orm, "The quick brown FOX", "a"));
    ids.put("quick", insert(orm, "quick quick quick fox jumps", "b"));
    ids.put("lazy", insert(orm, "a lazy dog sleeps all day long in the sun", "a"));
    ids.put("brown", insert(orm, "brown dog", "b"));
    return ids;
  }

  static String insert(ConvexOrm orm, String body, String author) {
    return orm.engine().mutation(tx -> tx.insert("posts", Map.of("body", body, "authorId",
        author)));
  }

  static ConvexOrm orm(TestDatabase db) {
    return new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
  }

  static FindQuery<Document> search(ConvexOrm orm, String text) {
    return orm.query("posts").withSearchIndex("search_body", q -> q.search("body", text));
  }

  static List<String> ids(List<Document> docs) {
    return docs.stream().map(Document::id).toList();
  }

  /** BM25 of one term by hand: k1 1.2, b 0.75. */
  static double bm25(long documents, long frequency, double tf, double length, double average) {
    double idf = Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
    return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average));
  }

  @DatabaseTest
  void ranksByBm25OnAHandCheckedCorpus(TestDatabase db) {
    ConvexOrm orm = orm(db);
    Map<String, String> c = corpus(orm);
    // "fox": both documents hold it once; the shorter one ranks first.
    List<Document> fox = contents(search(orm, "fox").includeScore().findMany());
    assertThat(ids(fox)).containsExactly(c.get("fox"), c.get("quick"));
    assertThat(fox.get(0).score().getAsDouble()).isCloseTo(bm25(4, 2, 1, 4, 5.25), within(1e-9));
    assertThat(fox.get(1).score().getAsDouble()).isCloseTo(bm25(4, 2, 1, 5, 5.25), within(1e-9));
    // "quick fox": three times "quick" outweighs the shorter field.
    List<Document> quickFox = contents(search(orm, "Quick FOX").includeScore().findMany());
    assertThat(ids(quickFox)).containsExactly(c.get("quick"), c.get("fox"));
    assertThat(quickFox.get(0).score().getAsDouble())
        .isCloseTo(bm25(4, 2, 3, 5, 5.25) + bm25(4, 2, 1, 5, 5.25), within(1e-9));
    // "brown dog": the document holding both terms first, then by score.
    assertThat(ids(search(orm, "brown dog").findMany()))
        .containsExactly(c.get("brown"), c.get("fox"), c.get("lazy"));
    assertThat(search(orm, "cat").findMany()).isEmpty();
    assertThat(search(orm, "  ... ").findMany()).isEmpty();
  }

  @DatabaseTest
  void theCorpusWrittenByOneMutationRanksTheSame(TestDatabase db) {
    ConvexOrm orm = orm(db);
    // Five documents in one write (on PostgreSQL one statement of arrays for all their
    // postings, lengths and statistics), one of them without terms.
    List<String> ids = orm.engine().mutation(tx -> List.of(
        tx.insert("posts", Map.of("body", "The quick brown FOX", "authorId", "a")),
        tx.insert("posts", Map.of("body", "quick quick quick fox jumps", "authorId", "b")),
        tx.insert("posts", Map.of("body", "a lazy dog sleeps all day long in the sun",
            "authorId", "a")),
        tx.insert("posts", Map.of("body", "brown dog", "authorId", "b")),
        tx.insert("posts", Map.of("body", " ... ", "authorId", "a"))));
    List<Document> quickFox = contents(search(orm, "Quick FOX").includeScore().findMany());
    assertThat(ids(quickFox)).containsExactly(ids.get(1), ids.get(0));
    assertThat(quickFox.get(0).score().getAsDouble())
        .isCloseTo(bm25(4, 2, 3, 5, 5.25) + bm25(4, 2, 1, 5, 5.25), within(1e-9));
    assertThat(quickFox.get(1).score().getAsDouble())
        .isCloseTo(bm25(4, 2, 1, 4, 5.25) + bm25(4, 2, 1, 4, 5.25), within(1e-9));
    // Deleting a document takes its postings and its part of the statistics away.
    orm.engine().mutation(tx -> {
      tx.delete(ids.get(2));
      return null;
    });
    List<Document> dog = contents(search(orm, "dog").includeScore().findMany());
    assertThat(ids(dog)).containsExactly(ids.get(3));
    assertThat(dog.get(0).score().getAsDouble())
        .isCloseTo(bm25(3, 1, 1, 2, 11 / 3.0), within(1e-9));
  }

  @DatabaseTest
  void theLastTermAlsoMatchesAsAPrefixAndOnlyTheLast(TestDatabase db) {
    ConvexOrm orm = orm(db);
    Map<String, String> c = corpus(orm);
    assertThat(ids(search(orm, "qui").findMany())).containsExactlyInAnyOrder(c.get("fox"),
        c.get("quick"));
    assertThat(ids(search(orm, "brown do").findMany()).get(0)).isEqualTo(c.get("brown"));
    assertThat(ids(search(orm, "brown do").findMany())).containsExactlyInAnyOrder(c.get("brown"),
        c.get("fox"), c.get("lazy"));
    // "qui" is not the last term: it must match a whole word, and none is "qui".
    assertThat(ids(search(orm, "qui sun").findMany())).containsExactly(c.get("lazy"));
  }

  @DatabaseTest
  void filtersOnFilterFieldsAndRefusesOthers(TestDatabase db) {
    ConvexOrm orm = orm(db);
    Map<String, String> c = corpus(orm);
    assertThat(ids(orm.query("posts")
        .withSearchIndex("search_body", q -> q.search("body", "dog").eq("authorId", "a"))
        .findMany())).containsExactly(c.get("lazy"));
    assertThat(orm.query("posts")
        .withSearchIndex("search_body", q -> q.search("body", "dog").eq("authorId", "z"))
        .findMany()).isEmpty();
    // where is a post-filter on the ranked rows
    assertThat(ids(search(orm, "dog").where(ne("authorId", "a")).findMany()))
        .containsExactly(c.get("brown"));
    assertThatThrownBy(() -> orm.query("posts")
        .withSearchIndex("search_body", q -> q.search("body", "dog").eq("title", "x")).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("\"title\" is not a filter field of search index posts.search_body")
        .hasMessageContaining("[authorId]");
    assertThatThrownBy(() -> orm.query("posts")
        .withSearchIndex("search_body", q -> q.search("title", "dog")).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("searches field \"body\", not \"title\"");
    assertThatThrownBy(() -> orm.query("posts")
        .withSearchIndex("search_title", q -> q.search("title", "dog")).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("no such search index").hasMessageContaining("[search_body]");
    assertThatThrownBy(() -> orm.query("posts")
        .withSearchIndex("search_body", q -> q.eq("authorId", "a")).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("needs q.search(\"body\", text)");
    assertThatThrownBy(() -> search(orm, "dog").orderBy(Sort.desc("_creationTime")).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("relevance order");
    assertThatThrownBy(() -> search(orm, "a b c d e f g h i j k l m n o p q").findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("17 distinct terms").hasMessageContaining("at most 16");
    assertThatThrownBy(() -> orm.query("posts").includeScore().limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("needs withSearchIndex");
    assertThatThrownBy(() -> new SearchFilter().search("body", "a").search("body", "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @DatabaseTest
  void theScoreIsThereOnlyWhenAskedForAndKeptThroughColumns(TestDatabase db) {
    ConvexOrm orm = orm(db);
    corpus(orm);
    Document plain = search(orm, "fox").findMany().get(0);
    assertThat(plain.score()).isEmpty();
    assertThat(plain.get(Document.SCORE)).isNull();
    assertThat(plain.toObject().fields()).doesNotContainKey(Document.SCORE);
    org.springframework.data.domain.SearchResult<Document> result = search(orm, "fox")
        .includeScore().findMany().get(0);
    Document scored = result.getContent();
    assertThat(result.getScore().getValue()).isEqualTo(scored.score().getAsDouble());
    assertThat(scored.getJava(Document.SCORE)).isEqualTo(scored.score().getAsDouble());
    List<Map<String, @Nullable Object>> columns = search(orm, "fox").includeScore()
        .columns("body").findMany();
    assertThat(columns.get(0)).containsOnlyKeys("body", "_score");
    assertThat((Double) columns.get(0).get("_score")).isEqualTo(scored.score().getAsDouble());
    assertThat(search(orm, "fox").columns("body").findMany().get(0)).containsOnlyKeys("body");
    assertThat(search(orm, "fox").includeScore().rows().findMany().get(0).toMap())
        .containsKey("_score");
  }

  @DatabaseTest
  void aMutationSearchesItsOwnWrites(TestDatabase db) {
    ConvexOrm orm = orm(db);
    Map<String, String> c = corpus(orm);
    List<String> found = orm.engine().mutation(tx -> {
      String id = tx.insert("posts", Map.of("body", "zebra crossing", "authorId", "a"));
      List<String> result = new ArrayList<>(ids(search(orm, "zebra").findMany()));
      result.add(0, id);
      return result;
    });
    assertThat(found).hasSize(2).containsOnly(found.get(0));
    orm.engine().mutation(tx -> {
      tx.delete(c.get("fox"));
      assertThat(ids(search(orm, "fox").findMany())).containsExactly(c.get("quick"));
      tx.patch(c.get("quick"), Map.of("body", "slow turtle"));
      assertThat(search(orm, "fox").findMany()).isEmpty();
      assertThat(ids(search(orm, "turtle").findMany())).containsExactly(c.get("quick"));
      return null;
    });
    assertThat(search(orm, "fox").findMany()).isEmpty();
    assertThat(ids(search(orm, "tur").findMany())).containsExactly(c.get("quick"));
    // A rolled-back write leaves the index as it was.
    assertThatThrownBy(() -> orm.engine().mutation(tx -> {
      tx.insert("posts", Map.of("body", "phantom", "authorId", "a"));
      throw new IllegalStateException("roll back");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(search(orm, "phantom").findMany()).isEmpty();
  }

  @DatabaseTest
  void anotherEngineOnTheSameDatabaseFindsTheSameRows(TestDatabase db) {
    ConvexOrm first = orm(db);
    Map<String, String> c = corpus(first);
    ConvexOrm second = orm(db);
    insert(second, "another fox", "b");
    first.engine().mutation(tx -> {
      tx.delete(c.get("quick"));
      return null;
    });
    assertThat(ids(first.query("posts").withSearchIndex("search_body", q -> q.search("body",
        "fox")).findMany())).isEqualTo(ids(search(second, "fox").findMany())).hasSize(2);
  }

  @DatabaseTest
  void rowLevelSecurityAppliesToEveryResult(TestDatabase db) {
    ConvexOrm plain = orm(db);
    Map<String, String> c = corpus(plain);
    AtomicReference<PolicyContext> caller = new AtomicReference<>(PolicyContext.of("a",
        Set.of()));
    ConvexOrm orm = plain.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("own posts", "posts")
            .using(Condition.where(ctx -> eq("authorId", ctx.principal()))).build())
        .build(), caller::get);
    assertThat(ids(search(orm, "dog").findMany())).containsExactly(c.get("lazy"));
    assertThat(search(orm, "dog").count()).isEqualTo(1);
    PaginationResult<Document> page = search(orm, "dog").paginate(PaginationOptions.first(5));
    assertThat(ids(page.page())).containsExactly(c.get("lazy"));
    caller.set(PolicyContext.of("b", Set.of()));
    assertThat(ids(search(orm, "dog").findMany())).containsExactly(c.get("brown"));
  }

  @DatabaseTest
  void atMost1024ResultsPerSearch(TestDatabase db) {
    ConvexOrm orm = orm(db);
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 1100; i++) {
        tx.insert("posts", Map.of("body", "common word number" + " extra".repeat(i % 7),
            "authorId", "a"));
      }
      return null;
    });
    assertThat(search(orm, "common").findMany()).hasSize(1024);
    assertThat(search(orm, "common").count()).isEqualTo(1024);
    assertThat(search(orm, "common").limit(10).findMany()).hasSize(10);
    assertThat(search(orm, "common").offset(1020).findMany()).hasSize(4);
  }

  @DatabaseTest
  void pagesToTheEndWithWritesBetweenPages(TestDatabase db) {
    ConvexOrm orm = orm(db);
    Random random = new Random(7);
    List<String> initial = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      initial.add(insert(orm, "alpha ".repeat(1 + random.nextInt(4)) + "beta ".repeat(
          random.nextInt(6)) + "gamma", i % 2 == 0 ? "a" : "b"));
    }
    Set<String> deleted = new HashSet<>();
    Set<String> inserted = new HashSet<>();
    List<Document> seen = new ArrayList<>();
    String cursor = null;
    boolean done = false;
    int pages = 0;
    while (!done) {
      PaginationResult<org.springframework.data.domain.SearchResult<Document>> page =
          search(orm, "alpha gam").includeScore()
              .paginate(PaginationOptions.first(1 + random.nextInt(9)).after(cursor));
      for (Document doc : contents(page.page())) {
        assertThat(deleted).doesNotContain(doc.id());
      }
      seen.addAll(contents(page.page()));
      cursor = page.continueCursor();
      done = page.isDone();
      pages++;
      // writes between pages: a new matching document, and a deletion of one not yet seen
      inserted.add(insert(orm, "alpha alpha gamma new", "a"));
      Set<String> seenIds = seen.stream().map(Document::id).collect(Collectors.toSet());
      initial.stream().filter(id -> !seenIds.contains(id) && !deleted.contains(id)).findFirst()
          .ifPresent(id -> {
            orm.engine().mutation(tx -> {
              tx.delete(id);
              return null;
            });
            deleted.add(id);
          });
    }
    assertThat(pages).isGreaterThan(3);
    List<String> seenIds = ids(seen);
    assertThat(new HashSet<>(seenIds)).hasSameSizeAs(seenIds);
    Set<String> untouched = new HashSet<>(initial);
    untouched.removeAll(deleted);
    assertThat(seenIds).containsAll(untouched);
    assertThat(seenIds).doesNotContainAnyElementsOf(deleted);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).score().getAsDouble())
          .isLessThanOrEqualTo(seen.get(i - 1).score().getAsDouble());
    }
    // A cursor of another search is refused.
    String other = search(orm, "beta").paginate(PaginationOptions.first(2)).continueCursor();
    assertThatThrownBy(() -> search(orm, "alpha gam").paginate(PaginationOptions.first(2)
        .after(other))).isInstanceOf(dev.betterconvex.orm.store.InvalidCursorException.class);
  }

  @DatabaseTest
  void aFilterValueTooLongForTheSearchIndexIsRefusedWithTheWrite(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThatThrownBy(() -> insert(orm, "some text", "x".repeat(2100)))
        .isInstanceOf(dev.betterconvex.orm.store.InvalidDocumentException.class)
        .hasMessageContaining("search index posts.search_body")
        .hasMessageContaining("the limit is 2048 bytes");
    assertThat(search(orm, "some").findMany()).isEmpty();
  }

  @DatabaseTest
  void explainShowsTheSearchPlan(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThat(orm.query("posts")
        .withSearchIndex("search_body", q -> q.search("body", "Hello hello wor")
            .eq("authorId", "a"))
        .where(ne("title", "x")).limit(10).includeScore().explain().toString())
        .isEqualTo("""
            table: posts
            search index: search_body (BM25 over body, filter fields [authorId])
            search: body matches "Hello hello wor", terms [hello], prefix "wor"
            filters: authorId == "a"
            post-filter: ne(title, "x")
            order: relevance (BM25, k1 = 1.2, b = 0.75), ties by _id
            limit: 10, at most 1024 results per search
            score: included as _score""");
  }

  private static <T> List<T> contents(List<org.springframework.data.domain.SearchResult<T>> results) {
    return results.stream().map(org.springframework.data.domain.SearchResult::getContent).toList();
  }
}
