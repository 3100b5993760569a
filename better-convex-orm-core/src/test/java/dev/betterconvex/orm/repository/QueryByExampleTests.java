package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.Articles.Address;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.data.domain.ExampleMatcher.StringMatcher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.domain.ScrollPosition;

class QueryByExampleTests {

  interface ArticleRepository extends BetterConvexRepository<Article> {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = ArticleRepository.class))
  static class Repositories {
  }

  /** Matches only the non-null properties: primitives and the creation time are ignored. */
  private static final ExampleMatcher SET_ONLY = ExampleMatcher.matching()
      .withIgnorePaths("createdAt", "rating", "published", "tags");

  private static Article probe(@Nullable String slug, @Nullable String author,
      @Nullable String title) {
    return new Article(null, 0, slug, author, 0, false, title, null, null);
  }

  @DatabaseTest
  void findsWhatMatchesTheProbeThroughAnIndex(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));
      repo.save(Article.of("c1", "cy", 5, true, "x").withAddress(new Address("Paris", null)));

      Example<Article> bob = Example.of(probe(null, "bob", null), SET_ONLY);
      assertThat(repo.findAll(bob)).extracting(Article::slug).containsExactlyInAnyOrder("b1",
          "b2");
      assertThat(repo.count(bob)).isEqualTo(2);
      assertThat(repo.exists(bob)).isTrue();
      assertThat(repo.findAll(bob, Sort.by("rating").descending())).extracting(Article::rating)
          .containsExactly(2, 1);
      assertThatThrownBy(() -> repo.findOne(bob))
          .isInstanceOf(IncorrectResultSizeDataAccessException.class);

      assertThat(repo.findOne(Example.of(probe("a7", null, null), SET_ONLY)))
          .map(Article::rating).contains(7);
      assertThat(repo.exists(Example.of(probe("zz", null, null), SET_ONLY))).isFalse();

      Example<Article> withRating = Example.of(
          new Article(null, 0, null, "ada", 4, false, null, null, null),
          ExampleMatcher.matching().withIgnorePaths("createdAt", "published"));
      assertThat(repo.findAll(withRating)).extracting(Article::slug).containsExactly("a4");

      Article paris = new Article(null, 0, null, null, 0, false, null, null,
          new Address("Paris", null));
      assertThat(repo.findAll(Example.of(paris, SET_ONLY))).extracting(Article::slug)
          .containsExactly("c1");

      Example<Article> titled = Example.of(probe(null, null, "t2"),
          SET_ONLY.withStringMatcher(StringMatcher.STARTING));
      assertThat(repo.findAll(titled)).extracting(Article::rating)
          .containsExactlyInAnyOrder(2, 20, 21, 22, 23, 24, 25);

      Example<Article> ada = Example.of(probe(null, "ada", null), SET_ONLY);
      Page<Article> page = repo.findAll(ada, PageRequest.of(2, 10, Sort.by("rating")));
      assertThat(page.getContent()).extracting(Article::rating)
          .containsExactly(21, 22, 23, 24, 25);
      assertThat(page.getTotalElements()).isEqualTo(25);
    }
  }

  @DatabaseTest
  void refusesExamplesItCannotPlanOrHonour(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));

      Example<Article> byRating = Example.of(
          new Article(null, 0, null, null, 4, false, null, null, null),
          ExampleMatcher.matching().withIgnorePaths("createdAt", "published"));
      assertThatThrownBy(() -> repo.findAll(byRating))
          .isInstanceOf(UnboundedQueryException.class)
          .hasMessage("Query by Example on the repository of Article compares [rating], and no "
              + "index of table \"articles\" narrows that (the planner would read "
              + "by_creation_time), so the call would read the whole table. Add an index on "
              + "[rating], for example @Index(name = \"by_rating\", fields = {\"rating\"}) on "
              + "Article, or declare a query method annotated @AllowFullScan");
      assertThatThrownBy(() -> repo.findAll(Example.of(probe(null, "ada", null),
          SET_ONLY.withIgnoreCase())))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessageStartingWith("Query by Example on the repository of Article: ignoring "
              + "case (on author) is not supported");
      assertThatThrownBy(() -> repo.findAll(Example.of(probe(null, "ada", null),
          SET_ONLY.withStringMatcher(StringMatcher.REGEX))))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Query by Example on the repository of Article: the string matcher REGEX "
              + "(on author) is not supported; supported: DEFAULT, EXACT, STARTING, ENDING, "
              + "CONTAINING");
      assertThatThrownBy(() -> repo.findAll(Example.of(Article.of("a1", "ada", 1, false, null,
          "x"), ExampleMatcher.matching().withIgnorePaths("createdAt"))))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Query by Example on the repository of Article: the probe's collection "
              + "property \"tags\" cannot be matched; ignore it with "
              + "ExampleMatcher.matching().withIgnorePaths(\"tags\")");
      Example<Article> ada = Example.of(probe(null, "ada", null), SET_ONLY);
      assertThatThrownBy(() -> repo.findBy(ada, q -> q.project("slug").all()))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Query by Example on the repository of Article: project([slug]) is not "
              + "supported: a document is read whole, so choosing properties would change "
              + "nothing; use as(Class) with an interface or DTO projection");
      assertThatThrownBy(() -> repo.findBy(ada, q -> q.limit(0).all()))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessageContaining("limit(0) must be at least 1");
      assertThatThrownBy(() -> repo.findBy(ada, q -> q.oneValue()))
          .isInstanceOf(IncorrectResultSizeDataAccessException.class);
      assertThatThrownBy(() -> repo.findBy(byRating, q -> q.count()))
          .isInstanceOf(UnboundedQueryException.class);
    }
  }

  interface SlugOnly {
    String getSlug();
  }

  record RatedSlug(String slug, int rating) {
  }

  @DatabaseTest
  void theFluentApiSortsLimitsProjectsPagesAndScrolls(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));
      Example<Article> ada = Example.of(probe(null, "ada", null), SET_ONLY);

      List<Article> top = repo.findBy(ada, q -> q.sortBy(Sort.by("rating").descending())
          .limit(3).all());
      assertThat(top).extracting(Article::rating).containsExactly(25, 24, 23);
      Article lowest = repo.findBy(ada, q -> q.sortBy(Sort.by("rating")).firstValue());
      assertThat(lowest.rating()).isEqualTo(1);
      Optional<Article> first = repo.findBy(ada, q -> q.sortBy(Sort.by("rating")).first());
      assertThat(first).map(Article::rating).contains(1);
      List<Article> all = repo.findBy(ada, q -> q.all());
      assertThat(all).hasSize(25);
      long streamed = repo.findBy(ada, q -> q.stream().count());
      assertThat(streamed).isEqualTo(25);
      long counted = repo.findBy(ada, q -> q.count());
      assertThat(counted).isEqualTo(25);
      boolean exists = repo.findBy(ada, q -> q.exists());
      assertThat(exists).isTrue();
      Article a7 = repo.findBy(Example.of(probe("a7", null, null), SET_ONLY), q -> q.oneValue());
      assertThat(a7.rating()).isEqualTo(7);
      Optional<Article> none = repo.findBy(Example.of(probe("zz", null, null), SET_ONLY),
          q -> q.one());
      assertThat(none).isEmpty();

      List<SlugOnly> slugs = repo.findBy(ada, q -> q.sortBy(Sort.by("rating")).limit(2)
          .as(SlugOnly.class).all());
      assertThat(slugs).extracting(SlugOnly::getSlug).containsExactly("a1", "a2");
      List<RatedSlug> rated = repo.findBy(ada, q -> q.sortBy(Sort.by("rating")).limit(2)
          .as(RatedSlug.class).all());
      assertThat(rated).containsExactly(new RatedSlug("a1", 1), new RatedSlug("a2", 2));

      // The query's sort serves a page that brings none; the page's own sort wins otherwise.
      Page<RatedSlug> page = repo.findBy(ada, q -> q.sortBy(Sort.by("rating"))
          .as(RatedSlug.class).page(PageRequest.of(2, 10)));
      assertThat(page.getContent()).extracting(RatedSlug::rating)
          .containsExactly(21, 22, 23, 24, 25);
      assertThat(page.getTotalElements()).isEqualTo(25);
      Page<Article> newest = repo.findBy(ada, q -> q.page(PageRequest.of(0, 2,
          Sort.by("rating").descending())));
      assertThat(newest.getContent()).extracting(Article::rating).containsExactly(25, 24);

      Window<Article> window = repo.findBy(ada, q -> q.sortBy(Sort.by("rating")).limit(10)
          .scroll(ScrollPosition.keyset()));
      assertThat(window.getContent()).extracting(Article::rating)
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      Window<Article> second = repo.findBy(ada, q -> q.sortBy(Sort.by("rating")).limit(10)
          .scroll(window.positionAt(window.size() - 1)));
      assertThat(second.getContent()).extracting(Article::rating)
          .containsExactly(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    }
  }
}
