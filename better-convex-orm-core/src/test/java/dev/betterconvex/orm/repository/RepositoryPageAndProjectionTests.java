package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.QueryCreationException;

class RepositoryPageAndProjectionTests {

  /** A closed interface projection. */
  interface Summary {
    String getSlug();

    int getRating();
  }

  /** An open interface projection: its value is computed from the entity. */
  interface Byline {
    @Value("#{target.slug + ' by ' + target.author}")
    String getLine();
  }

  /** A DTO projection. */
  record SlugAndRating(String slug, int rating) {
  }

  interface ArticleRepository extends BetterConvexRepository<Article> {

    Page<Article> findByAuthor(String author, Pageable pageable);

    Page<Article> findByPublished(boolean published, Pageable pageable);

    @AllowFullScan
    Page<Article> findAllBy(Pageable pageable);

    List<Summary> findByAuthorOrderByRatingDesc(String author);

    Optional<Byline> findUniqueBySlug(String slug);

    List<SlugAndRating> findByAuthorAndRatingGreaterThan(String author, int rating);

    Page<Summary> findByAuthorOrderByRatingAsc(String author, Pageable pageable);

    Window<SlugAndRating> findByAuthorOrderByRating(String author, ScrollPosition position);

    Slice<Summary> findByAuthorAndRatingLessThan(String author, int rating, Pageable pageable);

    <T> List<T> findByAuthorAndRatingBetween(String author, int low, int high, Class<T> type);
  }

  interface NoSuchPropertyView {
    String getSlug();

    String getNope();
  }

  interface UnknownInterfacePropertyRepository extends BetterConvexRepository<Article> {

    List<NoSuchPropertyView> findByAuthor(String author);
  }

  record WrongType(String slug, String rating) {
  }

  interface WrongDtoTypeRepository extends BetterConvexRepository<Article> {

    List<WrongType> findByAuthor(String author);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = ArticleRepository.class))
  static class Repositories {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnknownInterfacePropertyRepository.class))
  static class UnknownInterfaceProperty {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = WrongDtoTypeRepository.class))
  static class WrongDtoType {
  }


  @DatabaseTest
  void findAllReadsAPageByOffsetWithTheTotal(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));

      Page<Article> second = repo.findAll(PageRequest.of(1, 10, Sort.by("slug")));
      assertThat(second.getContent()).extracting(Article::slug)
          .containsExactly("a19", "a2", "a20", "a21", "a22", "a23", "a24", "a25", "a3", "a4");
      assertThat(second.getTotalElements()).isEqualTo(27);
      assertThat(second.getTotalPages()).isEqualTo(3);
      assertThat(second.hasNext()).isTrue();

      Page<Article> last = repo.findAll(second.nextPageable());
      assertThat(last.getContent()).hasSize(7);
      assertThat(last.getTotalElements()).isEqualTo(27);
      assertThat(last.hasNext()).isFalse();

      Page<Article> newest = repo.findAll(PageRequest.of(0, 2));
      assertThat(newest.getContent()).hasSize(2);
      assertThat(newest.getTotalElements()).isEqualTo(27);
      assertThat(repo.findAll(Pageable.unpaged()).getTotalElements()).isEqualTo(27);

      assertThatThrownBy(() -> repo.findAll(PageRequest.of(0, 5, Sort.by("rating"))))
          .isInstanceOf(UnboundedQueryException.class)
          .hasMessageStartingWith("findAll on the repository of Article was called with "
              + "rating: ASC: no index of table \"articles\" serves the order [rating asc]");
    }
  }

  @DatabaseTest
  void derivedPageMethodsCountTheMatches(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));

      Page<Article> third = repo.findByAuthor("ada", PageRequest.of(2, 10, Sort.by("rating")));
      assertThat(third.getContent()).extracting(Article::rating)
          .containsExactly(21, 22, 23, 24, 25);
      assertThat(third.getTotalElements()).isEqualTo(25);

      Page<Article> published = repo.findByPublished(true, PageRequest.of(0, 3));
      assertThat(published.getContent()).hasSize(3);
      assertThat(published.getTotalElements()).isEqualTo(8);
      assertThat(published.getTotalPages()).isEqualTo(3);

      Page<Article> all = repo.findAllBy(PageRequest.of(0, 4));
      assertThat(all.getTotalElements()).isEqualTo(27);

      assertThat(repo.findByAuthor("nobody", PageRequest.of(0, 5)).getTotalElements()).isZero();
    }
  }

  @DatabaseTest
  void projectsResultsIntoInterfacesAndDtos(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));

      List<Summary> summaries = repo.findByAuthorOrderByRatingDesc("bob");
      assertThat(summaries).extracting(Summary::getSlug).containsExactly("b2", "b1");
      assertThat(summaries).extracting(Summary::getRating).containsExactly(2, 1);

      assertThat(repo.findUniqueBySlug("a7")).map(Byline::getLine).contains("a7 by ada");
      assertThat(repo.findUniqueBySlug("zz")).isEmpty();

      assertThat(repo.findByAuthorAndRatingGreaterThan("ada", 23))
          .containsExactlyInAnyOrder(new SlugAndRating("a24", 24), new SlugAndRating("a25", 25));

      Page<Summary> page = repo.findByAuthorOrderByRatingAsc("ada", PageRequest.of(1, 10));
      assertThat(page.getContent()).extracting(Summary::getRating).startsWith(11, 12);
      assertThat(page.getTotalElements()).isEqualTo(25);

      Window<SlugAndRating> window = repo.findByAuthorOrderByRating("ada",
          ScrollPosition.keyset());
      assertThat(window.getContent().get(0)).isEqualTo(new SlugAndRating("a1", 1));
      assertThat(repo.findByAuthorOrderByRating("ada", window.positionAt(19)).getContent())
          .extracting(SlugAndRating::rating).containsExactly(21, 22, 23, 24, 25);

      Slice<Summary> slice = repo.findByAuthorAndRatingLessThan("ada", 4,
          PageRequest.of(0, 2, Sort.by("rating")));
      assertThat(slice.getContent()).extracting(Summary::getRating).containsExactly(1, 2);
      assertThat(slice.hasNext()).isTrue();
    }
  }

  @DatabaseTest
  void projectsIntoTheTypeOfTheCall(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository repo = Articles.seeded(context.getBean(ArticleRepository.class));

      assertThat(repo.findByAuthorAndRatingBetween("ada", 2, 3, SlugAndRating.class))
          .containsExactlyInAnyOrder(new SlugAndRating("a2", 2), new SlugAndRating("a3", 3));
      assertThat(repo.findByAuthorAndRatingBetween("ada", 2, 3, Summary.class))
          .extracting(Summary::getSlug).containsExactlyInAnyOrder("a2", "a3");
      assertThat(repo.findByAuthorAndRatingBetween("ada", 2, 3, Article.class))
          .extracting(Article::author).containsOnly("ada");
      assertThatThrownBy(() -> repo.findByAuthorAndRatingBetween("ada", 2, 3,
          NoSuchPropertyView.class))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Repository method " + ArticleRepository.class.getName()
              + ".findByAuthorAndRatingBetween(String, int, int, Class) was called with "
              + NoSuchPropertyView.class.getName() + ": the projection "
              + NoSuchPropertyView.class.getName() + " reads the property \"nope\", which "
              + "Article does not have; its properties: [id, createdAt, slug, author, rating, "
              + "published, title, tags, address]");
    }
  }

  @DatabaseTest
  void failsStartupForAProjectionTheEntityCannotFill(TestDatabase db) {
    assertThat(Articles.startupFailure(db, UnknownInterfaceProperty.class)).isEqualTo("Repository "
        + "method " + UnknownInterfacePropertyRepository.class.getName() + ".findByAuthor("
        + "String): the projection " + NoSuchPropertyView.class.getName() + " reads the "
        + "property \"nope\", which Article does not have; its properties: [id, createdAt, slug, "
        + "author, rating, published, title, tags, address]");
    assertThat(Articles.startupFailure(db, WrongDtoType.class)).isEqualTo("Repository method "
        + WrongDtoTypeRepository.class.getName() + ".findByAuthor(String): the DTO projection "
        + WrongType.class.getName() + " takes rating as java.lang.String, but Article.rating is "
        + "int");
  }

}
