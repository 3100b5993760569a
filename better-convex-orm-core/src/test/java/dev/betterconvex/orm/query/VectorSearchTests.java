package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.ReferentialAction;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.ScrollPosition;

/** Vector search on the fluent API, on both databases, over a small hand-checked set. */
class VectorSearchTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> t.field("name", FieldType.string()).notNull())
      .table("docs", t -> {
        t.field("title", FieldType.string()).notNull();
        t.field("category", FieldType.string()).notNull();
        t.field("ownerId", FieldType.id("users")).notNull()
            .references("users", ReferentialAction.CASCADE);
        t.field("embedding", FieldType.vector(3));
        t.index("by_owner", "ownerId");
        t.index("by_title", "title");
        t.vectorIndex("by_embedding", "embedding", 3, "category", "ownerId");
        t.one("owner", "users");
      })
      .build();

  static final float[] X = {1, 0, 0};

  /** The set, built once per test: title to id, and the two users. */
  record Fixture(ConvexEngine engine, ConvexOrm orm, ConvexMutations mutations,
      Map<String, String> ids, String ann, String bob) {
  }

  /**
   * a (1,0,0) x/ann; b (1,1,0) x/bob; c (0,1,0) y/ann; d (-1,0,0) y/bob; e (2,0,0) z/ann;
   * f without a vector. Against (1,0,0): cosine a = e = 1, b = 0.7071, c = 0, d = -1.
   */
  static Fixture fixture(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    ConvexOrm orm = new ConvexOrm(engine);
    Map<String, String> ids = new LinkedHashMap<>();
    String[] users = engine.mutation(tx -> new String[] {
        tx.insert("users", Map.of("name", "ann")), tx.insert("users", Map.of("name", "bob"))});
    engine.mutation(tx -> {
      ids.put("a", tx.insert("docs", doc("a", "x", users[0], List.of(1.0, 0.0, 0.0))));
      ids.put("b", tx.insert("docs", doc("b", "x", users[1], List.of(1.0, 1.0, 0.0))));
      ids.put("c", tx.insert("docs", doc("c", "y", users[0], List.of(0.0, 1.0, 0.0))));
      ids.put("d", tx.insert("docs", doc("d", "y", users[1], List.of(-1.0, 0.0, 0.0))));
      ids.put("e", tx.insert("docs", doc("e", "z", users[0], List.of(2.0, 0.0, 0.0))));
      ids.put("f", tx.insert("docs", doc("f", "z", users[0], null)));
      return null;
    });
    return new Fixture(engine, orm, new ConvexMutations(orm), ids, users[0], users[1]);
  }

  static Map<String, Object> doc(String title, String category, String owner,
      @Nullable List<Double> embedding) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("title", title);
    fields.put("category", category);
    fields.put("ownerId", owner);
    if (embedding != null) {
      fields.put("embedding", embedding);
    }
    return fields;
  }

  static List<String> titles(List<Document> docs) {
    return docs.stream().map(d -> (String) d.getJava("title")).toList();
  }

  /** The titles of a and e (both score 1) in id order, which breaks their tie. */
  static List<String> aAndE(Fixture f) {
    return f.ids().get("a").compareTo(f.ids().get("e")) < 0 ? List.of("a", "e")
        : List.of("e", "a");
  }

  static List<String> concat(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }

  @DatabaseTest
  void cosineOrderTiesByIdAndScoresOnlyWhenAsked(TestDatabase db) {
    Fixture f = fixture(db);
    FindQuery<Document> search = f.orm().query("docs").vectorSearch("by_embedding", X);
    assertThat(titles(search.findMany())).containsExactlyElementsOf(
        concat(aAndE(f), "b", "c", "d"));

    List<SearchResult<Document>> scored = search.includeScore().findMany();
    assertThat(scored).extracting(r -> r.getScore().getValue())
        .usingElementComparator(Comparator.comparingDouble(v -> Math.round(v * 1e4)))
        .containsExactly(1.0, 1.0, Math.sqrt(0.5), 0.0, -1.0);
    assertThat(scored.get(0).getScore().getFunction()).isEqualTo(ScoringFunction.cosine());
    assertThat(search.findFirst()).map(d -> d.getJava("title")).contains(aAndE(f).get(0));

    List<Map<String, @Nullable Object>> plain = search.columns("title").findMany();
    assertThat(plain.get(0)).containsOnlyKeys("title");
    List<Map<String, @Nullable Object>> columns = search.includeScore().columns("title")
        .findMany();
    assertThat(columns.get(2)).containsOnlyKeys("title", "_score");
    assertThat((Double) columns.get(2).get("_score")).isCloseTo(Math.sqrt(0.5), within(1e-6));
  }

  @DatabaseTest
  void dotProductAndEuclidean(TestDatabase db) {
    Fixture f = fixture(db);
    List<String> aAndB = f.ids().get("a").compareTo(f.ids().get("b")) < 0 ? List.of("a", "b")
        : List.of("b", "a");
    // dot with (1,0,0): e 2, a 1, b 1, c 0, d -1
    List<SearchResult<Document>> dot = f.orm().query("docs")
        .vectorSearch(VectorSearch.of("by_embedding", X).scoring(ScoringFunction.dotProduct()))
        .includeScore().findMany();
    assertThat(dot).extracting(r -> (String) r.getContent().getJava("title"))
        .containsExactlyElementsOf(concat(List.of("e"), aAndB.get(0), aAndB.get(1), "c", "d"));
    assertThat(dot.get(0).getScore()).isEqualTo(Score.of(2.0, ScoringFunction.dotProduct()));
    // euclidean: a d=0 -> 1; b, e d=1 -> 0.5; c d=sqrt(2); d d=2 -> 1/3
    List<String> bAndE = f.ids().get("b").compareTo(f.ids().get("e")) < 0 ? List.of("b", "e")
        : List.of("e", "b");
    List<SearchResult<Document>> euclid = f.orm().query("docs")
        .vectorSearch(VectorSearch.of("by_embedding", X).scoring(ScoringFunction.euclidean()))
        .includeScore().findMany();
    assertThat(euclid).extracting(r -> (String) r.getContent().getJava("title"))
        .containsExactlyElementsOf(List.of("a", bAndE.get(0), bAndE.get(1), "c", "d"));
    assertThat(euclid.get(4).getScore().getValue()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(euclid.get(3).getScore().getValue())
        .isCloseTo(1 / (1 + Math.sqrt(2)), within(1e-9));
    // scores kept
    assertThat(titles(f.orm().query("docs")
        .vectorSearch(VectorSearch.of("by_embedding", X).minScore(0.5)).findMany()))
        .containsExactlyElementsOf(concat(aAndE(f), "b"));
    assertThat(f.orm().query("docs").vectorSearch(VectorSearch.of("by_embedding", X)
        .scoring(ScoringFunction.euclidean()).minScore(0.5)).explain().toString())
        .contains("scoring: euclidean, scores kept: [0.5, ∞)");
  }

  @DatabaseTest
  void filtersOnFilterFields(TestDatabase db) {
    Fixture f = fixture(db);
    FindQuery<Document> docs = f.orm().query("docs");
    assertThat(titles(docs.vectorSearch("by_embedding", X, eq("category", "x")).findMany()))
        .containsExactly("a", "b");
    assertThat(titles(docs.vectorSearch("by_embedding", X,
        or(eq("category", "x"), eq("category", "z"))).findMany()))
        .containsExactlyElementsOf(concat(aAndE(f), "b"));
    assertThat(titles(docs.vectorSearch("by_embedding", X,
        and(in("category", "x", "y"), eq("ownerId", f.bob()))).findMany()))
        .containsExactly("b", "d");
    assertThat(titles(docs.vectorSearch("by_embedding", X,
        or(eq("category", "y"), eq("ownerId", f.bob()))).findMany()))
        .containsExactly("b", "c", "d");
    assertThat(docs.vectorSearch("by_embedding", X, and(eq("category", "x"),
        eq("category", "y"))).findMany()).isEmpty();
    assertThat(docs.vectorSearch("by_embedding", X, eq("ownerId", "not an id")).findMany())
        .isEmpty();

    assertThatThrownBy(() -> docs.vectorSearch("by_embedding", X, eq("title", "a")).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("docs.by_embedding")
        .hasMessageContaining("field title")
        .hasMessageContaining("not a filter field");
    assertThatThrownBy(() -> docs.vectorSearch("by_embedding", X, gt("category", "a"))
        .findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("docs.by_embedding")
        .hasMessageContaining("gt(category");
  }

  @DatabaseTest
  void limitsAndRefusals(TestDatabase db) {
    Fixture f = fixture(db);
    FindQuery<Document> docs = f.orm().query("docs");
    FindQuery<Document> search = docs.vectorSearch("by_embedding", X);
    assertThat(search.limit(2).findMany()).hasSize(2);
    assertThat(search.limit(256).findMany()).hasSize(5);
    for (int limit : new int[] {0, 257}) {
      assertThatThrownBy(() -> search.limit(limit).findMany())
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessageContaining("limit " + limit + " is out of range");
    }
    assertThatThrownBy(() -> docs.vectorSearch("by_embedding", new float[] {1, 0}).findMany())
        .hasMessageContaining("the query vector has 2 dimensions; the index has 3");
    assertThatThrownBy(() -> docs.vectorSearch("by_nothing", X).findMany())
        .hasMessageContaining("table has no vector index by_nothing")
        .hasMessageContaining("[by_embedding]");
    assertThatThrownBy(() -> search.where(eq("title", "a")).findMany())
        .hasMessageContaining("can't be combined with where");
    assertThatThrownBy(() -> search.orderBy(Sort.asc("title")).findMany())
        .hasMessageContaining("can't be combined with orderBy");
    assertThatThrownBy(() -> search.offset(1).findMany())
        .hasMessageContaining("can't be combined with offset");
    assertThatThrownBy(() -> search.withIndex("by_title").findMany())
        .hasMessageContaining("can't be combined with withIndex");
    assertThatThrownBy(() -> search.paginate(PaginationOptions.first(2)))
        .hasMessageContaining("pagination");
    assertThatThrownBy(() -> search.scroll(ScrollPosition.keyset(), 2))
        .hasMessageContaining("pagination");
    assertThatThrownBy(search::count).hasMessageContaining("count is not supported");
    assertThatThrownBy(search::findUnique).hasMessageContaining("findUnique is not supported");
    assertThatThrownBy(() -> docs.limit(3).includeScore().findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("or vectorSearch(...)");
    assertThatThrownBy(() -> VectorSearch.of("by_embedding", X)
        .scoring(org.springframework.data.domain.VectorScoringFunctions.HAMMING))
        .hasMessageContaining("not HAMMING");
  }

  @DatabaseTest
  void seesTheTransactionsOwnWritesAndNeverDeletedRows(TestDatabase db) {
    Fixture f = fixture(db);
    FindQuery<Document> search = f.orm().query("docs").vectorSearch("by_embedding", X)
        .limit(3);
    List<List<String>> seen = f.engine().mutation(tx -> {
      List<List<String>> result = new ArrayList<>();
      String g = tx.insert("docs", doc("g", "x", f.ann(), List.of(0.5, 0.0, 0.0)));
      result.add(titles(search.findMany()));
      tx.delete(f.ids().get("a"));
      tx.delete(f.ids().get("e"));
      result.add(titles(search.findMany()));
      tx.patch(g, Map.of("embedding", List.of(0.0, 0.0, 1.0)));
      tx.patch(f.ids().get("d"), Map.of("category", "x"));
      tx.patch(f.ids().get("f"), Map.of("embedding", List.of(3.0, 0.0, 0.0)));
      result.add(titles(search.findMany()));
      result.add(titles(f.orm().query("docs")
          .vectorSearch("by_embedding", X, eq("category", "x")).findMany()));
      return result;
    });
    // g (0.5,0,0), inserted in the transaction, scores 1 like a and e
    assertThat(seen.get(0)).containsExactlyInAnyOrder("a", "e", "g");
    // a and e gone
    assertThat(seen.get(1)).containsExactly("g", "b", "c");
    // g now (0,0,1) scores 0; f got a vector
    assertThat(seen.get(2).get(0)).isEqualTo("f");
    assertThat(seen.get(2).get(1)).isEqualTo("b");
    assertThat(seen.get(3)).containsExactly("b", "g", "d");
    // committed: the same after the transaction
    assertThat(titles(f.orm().query("docs").vectorSearch("by_embedding", X, eq("category", "x"))
        .findMany())).containsExactly("b", "g", "d");
    // a rolled-back write leaves nothing behind
    assertThatThrownBy(() -> f.engine().mutation(tx -> {
      tx.insert("docs", doc("h", "x", f.ann(), List.of(1.0, 0.0, 0.0)));
      throw new IllegalStateException("rolled back");
    })).hasMessageContaining("rolled back");
    assertThat(titles(search.findMany())).doesNotContain("h");
  }

  @DatabaseTest
  void foreignKeyCascadesAndOrmMutationsKeepTheIndex(TestDatabase db) {
    Fixture f = fixture(db);
    f.mutations().update("docs").set(Map.of("embedding", List.of(-1.0, -1.0, 0.0)))
        .where(eq("title", "b")).execute();
    f.mutations().insert("docs").values(doc("n", "y", f.bob(), List.of(3.0, 0.1, 0.0)))
        .execute();
    FindQuery<Document> search = f.orm().query("docs").vectorSearch("by_embedding", X);
    assertThat(titles(search.findMany()).subList(3, 6)).containsExactly("c", "b", "d");
    f.mutations().delete("users").where(eq("_id", f.ann())).execute();
    assertThat(titles(search.findMany())).containsExactly("n", "b", "d");
  }

  @DatabaseTest
  void rowLevelSecurityOnEveryResultAndRelations(TestDatabase db) {
    Fixture f = fixture(db);
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("own docs", "docs")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .build();
    ConvexOrm bobs = f.orm().withRowLevelSecurity(rls, () -> PolicyContext.of(f.bob(), Set.of()));
    // bob's rows rank 3rd and 5th: a limit of 2 still fills with them
    assertThat(titles(bobs.query("docs").vectorSearch("by_embedding", X).limit(2).findMany()))
        .containsExactly("b", "d");
    List<Row> rows = f.orm().query("docs").vectorSearch("by_embedding", X, eq("category", "y"))
        .rows().with("owner").findMany();
    assertThat(rows).extracting(r -> r.one("owner").orElseThrow().get("name"))
        .containsExactly("ann", "bob");
    String plan = bobs.query("docs").vectorSearch("by_embedding", X, eq("category", "y"))
        .limit(4).includeScore().explain().toString();
    assertThat(plan).contains("table: docs", "vector index: by_embedding (embedding, 3 "
        + "dimensions), exact search", "vector filter: eq(category, \"y\")",
        "scoring: cosine", "limit: 4", "row-level security: checked on every document read",
        "score: included");
  }
}
