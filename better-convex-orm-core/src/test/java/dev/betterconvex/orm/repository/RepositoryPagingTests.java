package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

class RepositoryPagingTests {

  interface PagedArticleRepository extends BetterConvexRepository<Article> {

    Window<Article> findByAuthorOrderByRatingDesc(String author, ScrollPosition position,
        Limit limit);

    Window<Article> findFirst3ByAuthor(String author, ScrollPosition position);

    Window<Article> findByAuthor(String author, ScrollPosition position);

    Window<Article> findByAuthor(String author, ScrollPosition position, Sort sort);

    Slice<Article> findByAuthor(String author, Pageable pageable);

    Slice<Article> findTop2ByPublishedOrderByCreatedAtAsc(boolean published);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = PagedArticleRepository.class))
  static class Repositories {
  }

  @Configuration(proxyBeanMethods = false)
  static class NoRepositories {
  }


  /** Reads every window from the start, returning the ratings of each. */
  private static List<List<Integer>> scrollAll(Function<ScrollPosition, Window<Article>> read) {
    List<List<Integer>> windows = new ArrayList<>();
    ScrollPosition position = ScrollPosition.keyset();
    Window<Article> window;
    do {
      window = read.apply(position);
      windows.add(window.stream().map(Article::rating).toList());
      if (!window.isEmpty()) {
        position = window.positionAt(window.size() - 1);
      }
    } while (window.hasNext());
    return windows;
  }

  @DatabaseTest
  void scrollsWindowsInTheMethodsOrderUntilTheLast(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      PagedArticleRepository repo =
          Articles.seeded(context.getBean(PagedArticleRepository.class));

      List<List<Integer>> windows = scrollAll(position ->
          repo.findByAuthorOrderByRatingDesc("ada", position, Limit.of(10)));

      assertThat(windows.get(0)).containsExactly(25, 24, 23, 22, 21, 20, 19, 18, 17, 16);
      assertThat(windows.stream().flatMap(List::stream).toList())
          .containsExactlyElementsOf(IntStream.iterate(25, i -> i - 1).limit(25).boxed().toList());
      assertThat(windows.get(windows.size() - 1)).hasSizeLessThanOrEqualTo(10);
    }
  }

  @DatabaseTest
  void sizesAWindowByFirstOrTopElseByTheDefaultPageSize(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      PagedArticleRepository repo =
          Articles.seeded(context.getBean(PagedArticleRepository.class));

      Window<Article> three = repo.findFirst3ByAuthor("ada", ScrollPosition.keyset());
      assertThat(three).hasSize(3);
      assertThat(three.hasNext()).isTrue();
      Window<Article> next = repo.findFirst3ByAuthor("ada", three.positionAt(2));
      assertThat(next).hasSize(3).doesNotContainAnyElementsOf(three.getContent());

      Window<Article> byDefault = repo.findByAuthor("ada", ScrollPosition.keyset());
      assertThat(byDefault).hasSize(20);
      assertThat(byDefault.hasNext()).isTrue();
      Window<Article> rest = repo.findByAuthor("ada", byDefault.positionAt(19));
      assertThat(rest).hasSize(5);
      assertThat(rest.hasNext()).isFalse();
    }
  }

  @DatabaseTest
  void ordersAWindowByTheSortArgument(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      PagedArticleRepository repo =
          Articles.seeded(context.getBean(PagedArticleRepository.class));

      Window<Article> lowest = repo.findByAuthor("ada", ScrollPosition.keyset(),
          Sort.by("rating"));
      assertThat(lowest.getContent().subList(0, 3)).extracting(Article::rating)
          .containsExactly(1, 2, 3);
      assertThatThrownBy(() -> repo.findByAuthor("ada", ScrollPosition.keyset(),
          Sort.by("title")))
          .isInstanceOf(UnboundedQueryException.class)
          .hasMessageStartingWith("Repository method " + PagedArticleRepository.class.getName()
              + ".findByAuthor(String, ScrollPosition, Sort): paginate on table \"articles\" "
              + "needs an order an index serves")
          .hasMessageNotContaining("@AllowFullScan");
    }
  }

  @DatabaseTest
  void refusesOffsetPositionsWithTheWayToScroll(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      PagedArticleRepository repo =
          Articles.seeded(context.getBean(PagedArticleRepository.class));

      assertThatThrownBy(() -> repo.findByAuthor("ada", ScrollPosition.offset(10)))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Repository method " + PagedArticleRepository.class.getName()
              + ".findByAuthor(String, ScrollPosition) was called with an offset position: "
              + "only keyset scrolling is supported (offsets would skip or repeat "
              + "rows while data changes). Start with ScrollPosition.keyset(), continue with "
              + "window.positionAt(window.size() - 1)");
      assertThatThrownBy(() -> repo.findAll(ScrollPosition.offset(), Limit.of(5)))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessageStartingWith("findAll on the repository of Article was called with an "
              + "offset position");
    }
  }

  @DatabaseTest
  void readsTheFirstSliceOnlyAndRefusesLaterPages(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      PagedArticleRepository repo =
          Articles.seeded(context.getBean(PagedArticleRepository.class));

      Slice<Article> first = repo.findByAuthor("ada", PageRequest.of(0, 4, Sort.by("rating")));
      assertThat(first.getContent()).extracting(Article::rating).containsExactly(1, 2, 3, 4);
      assertThat(first.hasNext()).isTrue();
      assertThat(first.getPageable()).isEqualTo(PageRequest.of(0, 4, Sort.by("rating")));

      Slice<Article> unpaged = repo.findByAuthor("bob", Pageable.unpaged());
      assertThat(unpaged).hasSize(2);
      assertThat(unpaged.hasNext()).isFalse();

      Slice<Article> top = repo.findTop2ByPublishedOrderByCreatedAtAsc(true);
      assertThat(top.getContent()).extracting(Article::rating).containsExactly(3, 6);
      assertThat(top.hasNext()).isTrue();

      assertThatThrownBy(() -> repo.findByAuthor("ada", first.nextPageable()))
          .isInstanceOf(InvalidDataAccessApiUsageException.class)
          .hasMessage("Repository method " + PagedArticleRepository.class.getName()
              + ".findByAuthor(String, Pageable) was called for page 1: a Slice is only ever "
              + "the first page, since pages are read by cursor, not by offset. To read further, "
              + "declare the method returning Window<T> with a ScrollPosition parameter and "
              + "continue from window.positionAt(window.size() - 1)");
    }
  }

  @DatabaseTest
  void scrollsTheWholeTableWithFindAll(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      PagedArticleRepository repo =
          Articles.seeded(context.getBean(PagedArticleRepository.class));

      List<List<Integer>> windows = scrollAll(position -> repo.findAll(position, Limit.of(8)));
      assertThat(windows.stream().mapToInt(List::size).sum()).isEqualTo(27);
      assertThat(windows.get(0)).hasSize(8);

      Window<Article> byDefault = repo.findAll(ScrollPosition.keyset(), Limit.unlimited());
      assertThat(byDefault).hasSize(20);

      Window<Article> sorted = repo.findAll(Sort.by("slug"), ScrollPosition.keyset(),
          Limit.of(2));
      assertThat(sorted.getContent()).extracting(Article::slug).containsExactly("a1", "a10");
      assertThat(repo.findAll(Sort.by("slug"), sorted.positionAt(1), Limit.of(2)).getContent())
          .extracting(Article::slug).containsExactly("a11", "a12");
    }
  }

  @DatabaseTest
  void usesTheFactorysDefaultPageSize(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, NoRepositories.class)) {
      BetterConvexRepositoryFactory factory =
          new BetterConvexRepositoryFactory(context.getBean(ConvexOrm.class));
      factory.setDefaultPageSize(7);
      PagedArticleRepository repo = Articles.seeded(factory.getRepository(PagedArticleRepository.class));

      assertThat(repo.findByAuthor("ada", ScrollPosition.keyset())).hasSize(7);
      assertThat(repo.findAll(ScrollPosition.keyset(), Limit.unlimited())).hasSize(7);
      assertThat(repo.findByAuthor("ada", Pageable.unpaged())).hasSize(7);
      assertThatThrownBy(() -> factory.setDefaultPageSize(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("defaultPageSize must be between 1 and 32000, got 0");
    }
  }
}
