package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.Articles.Address;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;

class DerivedQueryTests {

  interface ArticleRepository extends BetterConvexRepository<Article> {

    List<Article> findByAuthor(String author);

    List<Article> findByAuthorIs(String author);

    List<Article> findByAuthorEquals(String author);

    List<Article> findByAuthorNot(String author);

    List<Article> findByAuthorAndRatingGreaterThan(String author, int rating);

    List<Article> findByAuthorAndRatingGreaterThanEqual(String author, int rating);

    List<Article> findByAuthorAndRatingLessThan(String author, int rating);

    List<Article> findByAuthorAndRatingLessThanEqual(String author, int rating);

    List<Article> findByAuthorAndRatingBetween(String author, int low, int high);

    List<Article> findByAuthorIn(Collection<String> authors);

    List<Article> findByAuthorNotIn(String... authors);

    List<Article> findByTitleIsNull();

    List<Article> findByTitleIsNotNull();

    @AllowFullScan
    List<Article> findByTitleLike(String pattern);

    @AllowFullScan
    List<Article> findByTitleNotLike(String pattern);

    List<Article> findByTitleStartingWith(String prefix);

    @AllowFullScan
    List<Article> findByTitleEndingWith(String suffix);

    @AllowFullScan
    List<Article> findByTitleContaining(String text);

    @AllowFullScan
    List<Article> findByTitleNotContaining(String text);

    @AllowFullScan
    List<Article> findByTagsContaining(String tag);

    @AllowFullScan
    List<Article> findByTagsNotContaining(String tag);

    List<Article> findByPublishedTrue();

    List<Article> findByPublishedFalse();

    @AllowFullScan
    List<Article> findByTitleIgnoreCase(String title);

    @AllowFullScan
    List<Article> findByTitleNotIgnoreCase(String title);

    @AllowFullScan
    List<Article> findByTitleLikeIgnoreCase(String pattern);

    @AllowFullScan
    List<Article> findByTitleContainingIgnoreCase(String text);

    List<Article> findByAuthorAndTitleStartingWithIgnoreCase(String author, String prefix);

    List<Article> findByAuthorOrAuthor(String author, String other);

    @AllowFullScan
    List<Article> findByAuthorOrSlug(String author, String slug);

    List<Article> findByAddressCity(String city);

    List<Article> findByCreatedAtAfter(double time);

    List<Article> findByCreatedAtBefore(double time);

    List<Article> findByAuthorOrderByRatingDesc(String author);

    List<Article> findByAuthor(String author, Sort sort);

    List<Article> findByAuthor(String author, Limit limit);

    Optional<Article> findFirstByAuthorOrderByRatingDesc(String author);

    List<Article> findTop2ByAuthorOrderByRatingDesc(String author);

    List<Article> findTop2ByAuthorOrderByRatingAsc(String author, Limit limit);

    Optional<Article> findUniqueBySlug(@Nullable String slug);

    @Nullable Article findUniqueById(String id);

    @Nullable Article findBySlug(String slug);

    Optional<Article> findOneByAuthor(String author);

    long countByAuthor(String author);

    int countByPublishedTrue();

    boolean existsBySlug(String slug);

    long deleteByAuthor(String author);

    List<Article> removeByPublishedFalse();

    void deleteBySlug(String slug);

    Stream<Article> streamByAuthorOrderByRatingAsc(String author);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = ArticleRepository.class))
  static class Repositories {
  }

  private static List<Article> articles() {
    return List.of(
        Article.of("a1", "ada", 1, true, "Hello World", "intro", "java"),
        Article.of("a2", "ada", 2, false, "hello again", "java"),
        Article.of("a3", "ada", 3, true, "100% Done"),
        Article.of("b1", "bob", 4, true, "World tour", "travel"),
        Article.of("b2", "bob", 5, false, null),
        Article.of("c1", "cy", 6, true, "100x done", "intro")
            .withAddress(new Address("Lyon", "69001")));
  }

  private static List<String> slugs(Collection<Article> found) {
    return found.stream().map(Article::slug).sorted().toList();
  }

  @DatabaseTest
  void mapsEveryKeywordToItsFilter(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      repo.saveAll(articles());

      assertThat(slugs(repo.findByAuthor("ada"))).containsExactly("a1", "a2", "a3");
      assertThat(slugs(repo.findByAuthorIs("bob"))).containsExactly("b1", "b2");
      assertThat(slugs(repo.findByAuthorEquals("cy"))).containsExactly("c1");
      assertThat(slugs(repo.findByAuthorNot("ada"))).containsExactly("b1", "b2", "c1");
      assertThat(slugs(repo.findByAuthorAndRatingGreaterThan("ada", 2))).containsExactly("a3");
      assertThat(slugs(repo.findByAuthorAndRatingGreaterThanEqual("ada", 2)))
          .containsExactly("a2", "a3");
      assertThat(slugs(repo.findByAuthorAndRatingLessThan("ada", 2))).containsExactly("a1");
      assertThat(slugs(repo.findByAuthorAndRatingLessThanEqual("ada", 2)))
          .containsExactly("a1", "a2");
      assertThat(slugs(repo.findByAuthorAndRatingBetween("ada", 2, 3)))
          .containsExactly("a2", "a3");
      assertThat(slugs(repo.findByAuthorIn(List.of("bob", "cy")))).containsExactly("b1", "b2", "c1");
      assertThat(repo.findByAuthorIn(List.of())).isEmpty();
      assertThat(slugs(repo.findByAuthorNotIn("ada", "bob"))).containsExactly("c1");
      assertThat(slugs(repo.findByTitleIsNull())).containsExactly("b2");
      assertThat(slugs(repo.findByTitleIsNotNull())).containsExactly("a1", "a2", "a3", "b1", "c1");
      assertThat(slugs(repo.findByTitleLike("%World%"))).containsExactly("a1", "b1");
      assertThat(slugs(repo.findByTitleNotLike("%World%"))).containsExactly("a2", "a3", "c1");
      assertThat(slugs(repo.findByTitleStartingWith("100"))).containsExactly("a3", "c1");
      assertThat(slugs(repo.findByTitleEndingWith("again"))).containsExactly("a2");
      assertThat(slugs(repo.findByTitleContaining("% D"))).containsExactly("a3");
      assertThat(slugs(repo.findByTitleNotContaining("World"))).containsExactly("a2", "a3", "c1");
      assertThat(slugs(repo.findByTagsContaining("intro"))).containsExactly("a1", "c1");
      assertThat(slugs(repo.findByTagsNotContaining("java")))
          .containsExactly("a3", "b1", "b2", "c1");
      assertThat(slugs(repo.findByPublishedTrue())).containsExactly("a1", "a3", "b1", "c1");
      assertThat(slugs(repo.findByPublishedFalse())).containsExactly("a2", "b2");
      assertThat(slugs(repo.findByAuthorOrAuthor("ada", "cy")))
          .containsExactly("a1", "a2", "a3", "c1");
      assertThat(slugs(repo.findByAuthorOrSlug("cy", "b2"))).containsExactly("b2", "c1");
      assertThat(slugs(repo.findByAddressCity("Lyon"))).containsExactly("c1");
    }
  }

  @DatabaseTest
  void ignoresCaseAsIlikeWithTheArgumentTakenLiterally(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      repo.saveAll(articles());

      assertThat(slugs(repo.findByTitleIgnoreCase("HELLO WORLD"))).containsExactly("a1");
      assertThat(slugs(repo.findByTitleIgnoreCase("100% done"))).containsExactly("a3");
      assertThat(slugs(repo.findByTitleIgnoreCase("100_ done"))).isEmpty();
      assertThat(slugs(repo.findByTitleNotIgnoreCase("hello WORLD")))
          .containsExactly("a2", "a3", "b1", "c1");
      assertThat(slugs(repo.findByTitleLikeIgnoreCase("hello%"))).containsExactly("a1", "a2");
      assertThat(slugs(repo.findByTitleContainingIgnoreCase("WORLD"))).containsExactly("a1", "b1");
      assertThat(slugs(repo.findByAuthorAndTitleStartingWithIgnoreCase("ada", "HELLO")))
          .containsExactly("a1", "a2");
    }
  }

  @DatabaseTest
  void filtersOnTheCreationTimeAndTheId(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      List<Article> saved = repo.saveAll(articles());
      double middle = saved.get(3).createdAt();

      assertThat(slugs(repo.findByCreatedAtAfter(middle))).containsExactly("b2", "c1");
      assertThat(slugs(repo.findByCreatedAtBefore(middle))).containsExactly("a1", "a2", "a3");
      assertThat(repo.findUniqueById(saved.get(2).id())).isEqualTo(saved.get(2));
      assertThat(repo.findUniqueById("not-an-id")).isNull();
    }
  }

  @DatabaseTest
  void ordersAndLimitsByNameSortAndLimit(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      repo.saveAll(articles());

      assertThat(repo.findByAuthorOrderByRatingDesc("ada")).extracting(Article::slug)
          .containsExactly("a3", "a2", "a1");
      assertThat(repo.findByAuthor("ada", Sort.by("rating"))).extracting(Article::slug)
          .containsExactly("a1", "a2", "a3");
      assertThat(repo.findByAuthor("ada", Sort.by(Sort.Direction.DESC, "rating")))
          .extracting(Article::slug).containsExactly("a3", "a2", "a1");
      assertThat(repo.findByAuthor("ada", Limit.of(2))).extracting(Article::slug)
          .containsExactly("a3", "a2");
      assertThat(repo.findByAuthor("ada", Limit.unlimited())).hasSize(3);
      assertThat(repo.findFirstByAuthorOrderByRatingDesc("bob")).map(Article::slug)
          .contains("b2");
      assertThat(repo.findFirstByAuthorOrderByRatingDesc("nobody")).isEmpty();
      assertThat(repo.findTop2ByAuthorOrderByRatingDesc("ada")).extracting(Article::slug)
          .containsExactly("a3", "a2");
      assertThat(repo.findTop2ByAuthorOrderByRatingAsc("ada", Limit.of(1)))
          .extracting(Article::slug).containsExactly("a1");
      assertThat(repo.findTop2ByAuthorOrderByRatingAsc("ada", Limit.of(5)))
          .extracting(Article::slug).containsExactly("a1", "a2");
      assertThat(repo.streamByAuthorOrderByRatingAsc("ada").map(Article::slug))
          .containsExactly("a1", "a2", "a3");
    }
  }

  @DatabaseTest
  void refusesAtCallTimeASortNoIndexServes(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      repo.saveAll(articles());

      assertThatThrownBy(() -> repo.findByAuthor("ada", Sort.by("title")))
          .isInstanceOf(UnboundedQueryException.class)
          .hasMessageStartingWith("Repository method " + ArticleRepository.class.getName()
              + ".findByAuthor(String, Sort): no index of table "
              + "\"articles\" serves its order [title asc] after the fields its equalities pin "
              + "(the planner would read by_author_rating), so every call would read every match "
              + "and sort it. Add an index on [author, title], for example @Index(name = "
              + "\"by_author_and_title\", fields = {\"author\", \"title\"}) on Article, or annotate "
              + "the method with @AllowFullScan")
          .hasMessageNotContaining("allowFullScan()");
      assertThatThrownBy(() -> repo.findByAuthor("ada", Sort.by("nope")))
          .hasMessageContaining("No property 'nope' found for type 'Article'");
      assertThatThrownBy(() -> repo.findByAuthor("ada", Sort.by(Sort.Order.asc("title").ignoreCase())))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Cannot order Article by title ignoring case: indexes order strings by "
              + "their code points");
    }
  }

  @DatabaseTest
  void findsUniqueSingleAndFirstResults(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      repo.saveAll(articles());

      assertThat(repo.findUniqueBySlug("b1")).map(Article::author).contains("bob");
      assertThat(repo.findUniqueBySlug("zz")).isEmpty();
      assertThatThrownBy(() -> repo.findUniqueBySlug(null))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessageContaining("findUniqueBySlug(String) was called with null");
      assertThat(repo.findBySlug("a2")).extracting(Article::title).isEqualTo("hello again");
      assertThat(repo.findBySlug("zz")).isNull();
      assertThat(repo.findOneByAuthor("cy")).map(Article::slug).contains("c1");
      assertThatThrownBy(() -> repo.findOneByAuthor("ada"))
          .isInstanceOf(IncorrectResultSizeDataAccessException.class)
          .hasMessageContaining("findOneByAuthor(String) matched more than one row");
    }
  }

  @DatabaseTest
  void countsChecksAndDeletesMatches(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = context.getBean(ArticleRepository.class);
      repo.saveAll(articles());

      assertThat(repo.countByAuthor("ada")).isEqualTo(3);
      assertThat(repo.countByPublishedTrue()).isEqualTo(4);
      assertThat(repo.existsBySlug("c1")).isTrue();
      assertThat(repo.existsBySlug("zz")).isFalse();

      assertThat(repo.removeByPublishedFalse()).extracting(Article::slug)
          .containsExactlyInAnyOrder("a2", "b2");
      assertThat(repo.deleteByAuthor("ada")).isEqualTo(2);
      assertThat(repo.deleteByAuthor("ada")).isZero();
      repo.deleteBySlug("c1");
      assertThat(slugs(repo.findAll())).containsExactly("b1");
    }
  }
}
