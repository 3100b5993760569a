package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.VectorSearch;
import dev.betterconvex.orm.repository.BetterConvexRepository;
import dev.betterconvex.orm.repository.BetterConvexRepositoryFactory;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.VectorIndex;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;

/** Runs the examples of docs/vector-search.md and checks the plan and messages quoted there. */
class VectorSearchExamplesTests {

  @Table(name = "posts")
  @VectorIndex(name = "by_embedding", vectorField = "embedding",
      filterFields = {"authorId", "lang"})
  record Post(
      @Id @Nullable String id,
      @NotNull String authorId,
      @NotNull String lang,
      @NotNull String title,
      @dev.betterconvex.orm.schema.annotation.Vector(3) float[] embedding) {
  }

  interface PostRepository extends BetterConvexRepository<Post> {

    SearchResults<Post> searchTop5ByAuthorIdAndEmbeddingNear(String authorId,
        Vector embedding, Score minScore);

    List<SearchResult<Post>> searchByLangInAndEmbeddingNear(List<String> langs,
        Vector embedding, Similarity minSimilarity, Limit limit);

    List<Post> findTop3ByEmbeddingNear(Vector embedding, ScoringFunction function);
  }

  interface BadRepository extends BetterConvexRepository<Post> {

    List<Post> searchByTitleAndEmbeddingNear(String title, Vector embedding);
  }

  @DatabaseTest
  void vectorSearchExamples(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Post.class))
        .build();
    ConvexOrm orm = new ConvexOrm(engine);
    engine.mutation(tx -> {
      tx.insert("posts", Map.of("authorId", "ada", "lang", "en", "title", "Engines",
          "embedding", List.of(0.9, 0.1, 0.0)));
      tx.insert("posts", Map.of("authorId", "ada", "lang", "fr", "title", "Moteurs",
          "embedding", List.of(0.1, 0.9, 0.0)));
      tx.insert("posts", Map.of("authorId", "bob", "lang", "en", "title", "Gardens",
          "embedding", List.of(0.0, 0.1, 0.9)));
      return null;
    });
    float[] queryVector = {1f, 0f, 0f};

    List<Post> ada = orm.query(Post.class)
        .vectorSearch("by_embedding", queryVector, eq("authorId", "ada"))
        .limit(5)
        .findMany();
    assertThat(ada).extracting(Post::title).containsExactly("Engines", "Moteurs");

    List<SearchResult<Post>> scored = orm.query(Post.class)
        .vectorSearch("by_embedding", queryVector)
        .limit(2)
        .includeScore()
        .findMany();
    SearchResult<Post> best = scored.get(0);
    String title = best.getContent().title();
    double score = best.getScore().getValue();
    assertThat(title).isEqualTo("Engines");
    assertThat(score).isBetween(0.99, 1.0);

    List<Map<String, @Nullable Object>> rows = orm.query(Post.class)
        .vectorSearch("by_embedding", queryVector, or(eq("lang", "fr"), eq("authorId", "bob")))
        .includeScore()
        .columns("title")
        .findMany();
    assertThat(rows).extracting(r -> r.get("title")).containsExactly("Moteurs", "Gardens");
    assertThat(rows.get(0)).containsOnlyKeys("title", "_score");

    List<Post> close = orm.query(Post.class)
        .vectorSearch(VectorSearch.of("by_embedding", queryVector)
            .filter(in("lang", "en", "fr"))
            .scoring(ScoringFunction.dotProduct())
            .minScore(0.5))
        .findMany();
    assertThat(close).extracting(Post::title).containsExactly("Engines");

    assertThat(orm.query(Post.class)
        .vectorSearch("by_embedding", queryVector, eq("authorId", "ada"))
        .limit(5)
        .includeScore()
        .explain()).hasToString("""
            table: posts
            vector index: by_embedding (embedding, 3 dimensions), exact search: every stored vector the filter keeps, scored, the best 5 kept
            vector filter: eq(authorId, "ada")
            scoring: cosine, scores kept: all
            order: score desc, then _id
            limit: 5
            row-level security: none
            score: included""");

    assertThatThrownBy(() -> orm.query(Post.class)
        .vectorSearch("by_embedding", queryVector, eq("title", "Engines"))
        .findMany())
        .hasMessage("Vector search of posts.by_embedding refused: field title in filter "
            + "eq(title, \"Engines\") is not a filter field of the index (filter fields: "
            + "[authorId, lang])");
    assertThatThrownBy(() -> orm.query(Post.class)
        .vectorSearch("by_embedding", queryVector)
        .where(eq("lang", "en"))
        .findMany())
        .hasMessage("Vector search of posts.by_embedding refused: it can't be combined with "
            + "where (give the filter to vectorSearch, on the index's filter fields)");

    BetterConvexRepositoryFactory factory = new BetterConvexRepositoryFactory(orm);
    PostRepository posts = factory.getRepository(PostRepository.class);
    SearchResults<Post> results = posts.searchTop5ByAuthorIdAndEmbeddingNear("ada",
        Vector.of(1f, 0f, 0f), Score.of(0.5));
    assertThat(results.contentStream().map(Post::title)).containsExactly("Engines");
    assertThat(results.getContent().get(0).getScore().getFunction())
        .isEqualTo(ScoringFunction.cosine());
    List<SearchResult<Post>> similar = posts.searchByLangInAndEmbeddingNear(List.of("en"),
        Vector.of(1f, 0f, 0f), Similarity.of(0.5), Limit.of(10));
    assertThat(similar).extracting(r -> r.getContent().title())
        .containsExactly("Engines", "Gardens");
    assertThat(similar.get(1).getScore()).isInstanceOf(Similarity.class);
    assertThat(posts.findTop3ByEmbeddingNear(Vector.of(1f, 0f, 0f),
        ScoringFunction.euclidean())).extracting(Post::title)
        .containsExactly("Engines", "Moteurs", "Gardens");

    assertThatThrownBy(() -> factory.getRepository(BadRepository.class))
        .hasMessageContaining("searchByTitleAndEmbeddingNear(String, Vector): property title "
            + "(field title) is not a filter field of vector index posts.by_embedding; its "
            + "filter fields are [authorId, lang]");
  }
}
