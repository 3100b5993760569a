package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.VectorIndex;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;

/** Spring Data's vector model in derived repository methods, on both databases. */
class VectorRepositoryTests {

  @Table(name = "snippets")
  @VectorIndex(name = "by_embedding", vectorField = "embedding", filterFields = "category")
  record Snippet(@Id @Nullable String id, @NotNull String title, @NotNull String category,
      @dev.betterconvex.orm.schema.annotation.Vector(3) List<Double> embedding,
      @dev.betterconvex.orm.schema.annotation.Vector(2) @Nullable List<Double> unindexed) {

    static Snippet of(String title, String category, List<Double> embedding) {
      return new Snippet(null, title, category, embedding, null);
    }
  }

  interface SnippetRepository extends BetterConvexRepository<Snippet> {

    SearchResults<Snippet> searchTop3ByCategoryAndEmbeddingNear(String category,
        Vector embedding, Score minScore);

    List<SearchResult<Snippet>> searchByEmbeddingNear(Vector embedding, Similarity min,
        Limit limit);

    List<Snippet> findByEmbeddingWithin(Vector embedding, Range<Score> range);

    SearchResults<Snippet> searchByEmbeddingNear(Vector embedding, ScoringFunction function);

    List<Snippet> findTop2ByCategoryInAndEmbeddingNear(Collection<String> categories,
        Vector embedding);
  }

  interface NotAFilterFieldRepository extends BetterConvexRepository<Snippet> {

    List<Snippet> searchByTitleAndEmbeddingNear(String title, Vector embedding);
  }

  interface NoIndexRepository extends BetterConvexRepository<Snippet> {

    List<Snippet> searchByUnindexedNear(Vector vector);
  }

  interface OrderedRepository extends BetterConvexRepository<Snippet> {

    List<Snippet> searchByEmbeddingNearOrderByTitle(Vector vector);
  }

  interface PagedRepository extends BetterConvexRepository<Snippet> {

    Page<Snippet> searchByEmbeddingNear(Vector vector, Pageable page);
  }

  interface TooManyRepository extends BetterConvexRepository<Snippet> {

    List<Snippet> searchTop300ByEmbeddingNear(Vector vector);
  }

  interface MissingVectorRepository extends BetterConvexRepository<Snippet> {

    List<Snippet> searchByEmbeddingNear(String notAVector);
  }

  static BetterConvexRepositoryFactory factory(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(),
        Schema.fromEntities(Snippet.class)).build();
    return new BetterConvexRepositoryFactory(new ConvexOrm(engine));
  }

  /** a (1,0,0) x; b (1,1,0) x; c (0,1,0) y; d (-1,0,0) y; cosine against (1,0,0): 1, .707, 0, -1. */
  static SnippetRepository seeded(TestDatabase db) {
    SnippetRepository repository = factory(db).getRepository(SnippetRepository.class);
    repository.saveAll(List.of(Snippet.of("a", "x", List.of(1.0, 0.0, 0.0)),
        Snippet.of("b", "x", List.of(1.0, 1.0, 0.0)),
        Snippet.of("c", "y", List.of(0.0, 1.0, 0.0)),
        Snippet.of("d", "y", List.of(-1.0, 0.0, 0.0))));
    return repository;
  }

  static final Vector X = Vector.of(1f, 0f, 0f);

  @DatabaseTest
  void searchResultsWithScoresAndThresholds(TestDatabase db) {
    SnippetRepository repository = seeded(db);
    SearchResults<Snippet> x = repository.searchTop3ByCategoryAndEmbeddingNear("x", X,
        Score.of(0.5));
    assertThat(x.contentStream().map(Snippet::title)).containsExactly("a", "b");
    assertThat(x.getContent().get(0).getScore()).isEqualTo(Score.of(1.0,
        ScoringFunction.cosine()));
    assertThat(x.getContent().get(1).getScore().getValue()).isCloseTo(Math.sqrt(0.5),
        within(1e-6));

    // normalized: (1 + cos) / 2 = 1, .854, .5, 0; at least .5 keeps three
    List<SearchResult<Snippet>> similar = repository.searchByEmbeddingNear(X,
        Similarity.of(0.5), Limit.of(10));
    assertThat(similar).extracting(r -> r.getContent().title()).containsExactly("a", "b", "c");
    assertThat(similar.get(1).getScore()).isInstanceOf(Similarity.class);
    assertThat(similar.get(1).getScore().getValue()).isCloseTo((1 + Math.sqrt(0.5)) / 2,
        within(1e-6));
    assertThat(repository.searchByEmbeddingNear(X, Similarity.of(0.5), Limit.of(1)))
        .extracting(r -> r.getContent().title()).containsExactly("a");

    assertThat(repository.findByEmbeddingWithin(X, Score.between(Score.of(-0.5),
        Score.of(0.9)))).extracting(Snippet::title).containsExactly("b", "c");

    // dot product with (1,0,0): a 1, b 1 (tie: by id), c 0, d -1
    SearchResults<Snippet> dot = repository.searchByEmbeddingNear(X,
        ScoringFunction.dotProduct());
    assertThat(dot.getContent()).hasSize(4);
    assertThat(dot.getContent().get(3).getScore()).isEqualTo(Score.of(-1.0,
        ScoringFunction.dotProduct()));

    assertThat(repository.findTop2ByCategoryInAndEmbeddingNear(List.of("y"), X))
        .extracting(Snippet::title).containsExactly("c", "d");
    // the threshold's function scores: euclidean a 1, b 1 / (1 + 1) = .5
    SearchResults<Snippet> euclidean = repository.searchTop3ByCategoryAndEmbeddingNear("x", X,
        Score.of(0.6, ScoringFunction.euclidean()));
    assertThat(euclidean.getContent()).extracting(r -> r.getContent().title())
        .containsExactly("a");
    assertThat(euclidean.getContent().get(0).getScore())
        .isEqualTo(Score.of(1.0, ScoringFunction.euclidean()));
  }

  @DatabaseTest
  void startupRefusesWhatNoVectorIndexServes(TestDatabase db) {
    BetterConvexRepositoryFactory factory = factory(db);
    assertThatThrownBy(() -> factory.getRepository(NotAFilterFieldRepository.class))
        .hasMessageContaining("searchByTitleAndEmbeddingNear")
        .hasMessageContaining("property title (field title) is not a filter field of vector "
            + "index snippets.by_embedding; its filter fields are [category]");
    assertThatThrownBy(() -> factory.getRepository(NoIndexRepository.class))
        .hasMessageContaining("no vector index of table \"snippets\" is on field unindexed");
    assertThatThrownBy(() -> factory.getRepository(OrderedRepository.class))
        .hasMessageContaining("OrderBy is not supported");
    assertThatThrownBy(() -> factory.getRepository(PagedRepository.class))
        .hasMessageContaining("a Pageable parameter is not supported");
    assertThatThrownBy(() -> factory.getRepository(TooManyRepository.class))
        .hasMessageContaining("Top300 is out of range");
    assertThatThrownBy(() -> factory.getRepository(MissingVectorRepository.class))
        .hasMessageContaining("needs a Vector parameter");
  }
}
