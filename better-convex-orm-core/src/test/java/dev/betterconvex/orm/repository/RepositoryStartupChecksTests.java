package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.repository.Articles.Event;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.QueryCreationException;

class RepositoryStartupChecksTests {

  interface UnindexedRepository extends BetterConvexRepository<Article> {

    List<Article> findByRating(int rating);
  }

  interface AllowedScanRepository extends BetterConvexRepository<Article> {

    @AllowFullScan
    List<Article> findByRating(int rating);

    @AllowFullScan
    List<Article> findByAuthorOrderByTitle(String author);

    @AllowFullScan
    long countByRatingGreaterThan(int rating);
  }

  interface UnsortedRepository extends BetterConvexRepository<Article> {

    List<Article> findByAuthorOrderByTitle(String author);
  }

  interface NotUniqueRepository extends BetterConvexRepository<Article> {

    Optional<Article> findUniqueByAuthor(String author);
  }

  interface NotUniqueEvenWhenScanningRepository extends BetterConvexRepository<Article> {

    @AllowFullScan
    Optional<Article> findUniqueByRating(int rating);
  }

  interface UnboundedRepository extends BetterConvexRepository<Event> {

    List<Event> findByKind(String kind);
  }

  interface BoundedRepository extends BetterConvexRepository<Event> {

    List<Event> findByKind(String kind, Limit limit);

    List<Event> findTop5ByKind(String kind);

    @AllowFullScan
    List<Event> findByKindOrderBySizeDesc(String kind);
  }

  interface CrossFieldOrRepository extends BetterConvexRepository<Article> {

    List<Article> findByAuthorOrTitle(String author, String title);
  }

  interface UnindexableRepository extends BetterConvexRepository<Article> {

    List<Article> findByTitleContaining(String text);
  }

  interface WholeTableCountRepository extends BetterConvexRepository<Event> {

    long countBy();
  }

  interface RegexRepository extends BetterConvexRepository<Article> {

    List<Article> findByTitleMatches(String regex);
  }

  interface IgnoreCaseOnNumberRepository extends BetterConvexRepository<Article> {

    List<Article> findByRatingIgnoreCase(int rating);
  }

  interface PageRepository extends BetterConvexRepository<Article> {

    Page<Article> findFirst3ByAuthor(String author, Pageable page);
  }

  interface PageableListRepository extends BetterConvexRepository<Article> {

    List<Article> findByAuthor(String author, Pageable page);
  }

  interface UnsortedWindowRepository extends BetterConvexRepository<Article> {

    @AllowFullScan
    Window<Article> findByAuthorOrderByTitle(String author, ScrollPosition position);
  }

  interface WindowWithoutPositionRepository extends BetterConvexRepository<Article> {

    Window<Article> findByAuthor(String author, Limit limit);
  }

  interface PagedRepository extends BetterConvexRepository<Article> {

    Window<Article> findByAuthorOrderByRatingDesc(String author, ScrollPosition position);

    Slice<Article> findByPublished(boolean published, Pageable page);

    Window<Article> findAllBy(ScrollPosition position);
  }

  interface UnknownPropertyRepository extends BetterConvexRepository<Article> {

    List<Article> findByNope(String nope);
  }

  @Table(name = "strangers")
  record Stranger(@Id @Nullable String id, String name) {
  }

  interface StrangerRepository extends BetterConvexRepository<Stranger> {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true,
      includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = {
          AllowedScanRepository.class, BoundedRepository.class}))
  static class Allowed {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnindexedRepository.class))
  static class Unindexed {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnsortedRepository.class))
  static class Unsorted {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = NotUniqueRepository.class))
  static class NotUnique {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = NotUniqueEvenWhenScanningRepository.class))
  static class NotUniqueEvenWhenScanning {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnboundedRepository.class))
  static class Unbounded {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = CrossFieldOrRepository.class))
  static class CrossFieldOr {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnindexableRepository.class))
  static class Unindexable {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = WholeTableCountRepository.class))
  static class WholeTableCount {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = RegexRepository.class))
  static class Regex {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = IgnoreCaseOnNumberRepository.class))
  static class IgnoreCaseOnNumber {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = PageRepository.class))
  static class Paged {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = PageableListRepository.class))
  static class PageableList {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnsortedWindowRepository.class))
  static class UnsortedWindow {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = WindowWithoutPositionRepository.class))
  static class WindowWithoutPosition {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = PagedRepository.class))
  static class Paging {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnknownPropertyRepository.class))
  static class UnknownProperty {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = StrangerRepository.class))
  static class Strangers {
  }


  private static String method(Class<?> repository, String signature) {
    return "Repository method " + repository.getName() + "." + signature + ": ";
  }

  @DatabaseTest
  void failsStartupForAMethodNoIndexServesNamingTheIndexThatWould(TestDatabase db) {
    assertThat(Articles.startupFailure(db, Unindexed.class)).isEqualTo(
        method(UnindexedRepository.class, "findByRating(int)") + "no index of table \"articles\" "
            + "narrows its filter on [rating] (the planner would read by_creation_time), so every "
            + "call would read the whole table. Add an index on [rating], for example "
            + "@Index(name = \"by_rating\", fields = {\"rating\"}) on Article, or annotate the "
            + "method with @AllowFullScan");
  }

  @DatabaseTest
  void startsWhenTheMethodsAllowFullScan(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Allowed.class)) {
      AllowedScanRepository articles = context.getBean(AllowedScanRepository.class);
      articles.saveAll(List.of(Article.of("a", "ada", 2, true, "Zed"),
          Article.of("b", "ada", 3, true, "Alpha"), Article.of("c", "bob", 3, true, "Mid")));
      assertThat(articles.findByRating(3)).extracting(Article::slug)
          .containsExactlyInAnyOrder("b", "c");
      assertThat(articles.findByAuthorOrderByTitle("ada")).extracting(Article::slug)
          .containsExactly("b", "a");
      assertThat(articles.countByRatingGreaterThan(2)).isEqualTo(2);

      BoundedRepository events = context.getBean(BoundedRepository.class);
      events.saveAll(List.of(new Event(null, 0, "click", 1), new Event(null, 0, "click", 7),
          new Event(null, 0, "view", 3)));
      assertThat(events.findByKind("click", Limit.of(1))).hasSize(1);
      assertThat(events.findByKind("click", Limit.unlimited())).hasSize(2);
      assertThat(events.findTop5ByKind("click")).hasSize(2);
      assertThat(events.findByKindOrderBySizeDesc("click")).extracting(Event::size)
          .containsExactly(7L, 1L);
    }
  }

  @DatabaseTest
  void failsStartupForAnOrderNoIndexServes(TestDatabase db) {
    assertThat(Articles.startupFailure(db, Unsorted.class)).isEqualTo(
        method(UnsortedRepository.class, "findByAuthorOrderByTitle(String)") + "no index of "
            + "table \"articles\" serves its order [title asc] after the fields its equalities "
            + "pin (the planner would read by_author_rating), so every call would read every "
            + "match and sort it. Add an index on [author, title], for example @Index(name = "
            + "\"by_author_and_title\", fields = {\"author\", \"title\"}) on Article, or annotate the "
            + "method with @AllowFullScan");
  }

  @DatabaseTest
  void failsStartupForFindUniqueOnFieldsNoUniqueConstraintCovers(TestDatabase db) {
    assertThat(Articles.startupFailure(db, NotUnique.class)).isEqualTo(
        method(NotUniqueRepository.class, "findUniqueByAuthor(String)") + "findUnique needs "
            + "equalities (Is, Equals) on _id or on every field of a unique constraint of table "
            + "\"articles\", and it pins [author]; the table's unique constraints: "
            + "articles_slug_unique [slug]. Declare a unique constraint on [author], for example "
            + "@Unique(name = \"articles_author_unique\", fields = {\"author\"}) on Article, or "
            + "name the method findFirstBy… to take the first match");
    assertThat(Articles.startupFailure(db, NotUniqueEvenWhenScanning.class)).startsWith(
        method(NotUniqueEvenWhenScanningRepository.class, "findUniqueByRating(int)")
            + "findUnique needs equalities (Is, Equals) on _id or on every field of a unique "
            + "constraint of table \"articles\", and it pins [rating]");
  }

  @DatabaseTest
  void startsACollectionMethodWithoutLimitThatReadsEveryMatch(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Unbounded.class)) {
      UnboundedRepository events = context.getBean(UnboundedRepository.class);
      events.saveAll(List.of(new Event(null, 0, "click", 1), new Event(null, 0, "click", 2),
          new Event(null, 0, "view", 3)));
      assertThat(events.findByKind("click")).extracting(Event::size)
          .containsExactlyInAnyOrder(1L, 2L);
    }
  }

  @DatabaseTest
  void failsStartupForConditionsNoIndexCanTake(TestDatabase db) {
    assertThat(Articles.startupFailure(db, CrossFieldOr.class)).startsWith(
        method(CrossFieldOrRepository.class, "findByAuthorOrTitle(String, String)")
            + "its Or branches [author Equals Or title Equals] are not one And of conditions on "
            + "indexed fields");
    assertThat(Articles.startupFailure(db, Unindexable.class)).startsWith(
        method(UnindexableRepository.class, "findByTitleContaining(String)")
            + "none of its conditions [title Containing] can narrow an index read");
    assertThat(Articles.startupFailure(db, WholeTableCount.class)).isEqualTo(
        method(WholeTableCountRepository.class, "countBy()") + "it has no condition, so every "
            + "call would read the whole table. Annotate the method with @AllowFullScan to allow "
            + "it");
  }

  @DatabaseTest
  void failsStartupForWhatDerivedQueriesCannotDo(TestDatabase db) {
    assertThat(Articles.startupFailure(db, Regex.class)).startsWith(
        method(RegexRepository.class, "findByTitleMatches(String)")
            + "The keyword MatchesRegex (on title) is not supported; supported keywords: "
            + "[Equals, Not, GreaterThan, GreaterThanEqual, LessThan, LessThanEqual, Before, After, "
            + "Between, In, NotIn, IsNull, IsNotNull, Like, NotLike, StartingWith, EndingWith, "
            + "Containing, NotContaining, True, False]");
    assertThat(Articles.startupFailure(db, IgnoreCaseOnNumber.class)).startsWith(
        method(IgnoreCaseOnNumberRepository.class, "findByRatingIgnoreCase(int)")
            + "IgnoreCase on rating (Equals) cannot be honoured");
    assertThat(Articles.startupFailure(db, Paged.class)).isEqualTo(
        method(PageRepository.class, "findFirst3ByAuthor(String, Pageable)") + "a Page method "
            + "cannot limit its results with First or Top: the Pageable's size is the page size");
    assertThat(Articles.startupFailure(db, PageableList.class)).isEqualTo(
        method(PageableListRepository.class, "findByAuthor(String, Pageable)") + "a Pageable "
            + "parameter goes with a Page<Article> or Slice<Article> result; for a List take a "
            + "Limit parameter");
    assertThat(Articles.startupFailure(db, WindowWithoutPosition.class)).startsWith(
        method(WindowWithoutPositionRepository.class, "findByAuthor(String, Limit)")
            + "Scroll query needs to have a ScrollPosition parameter");
    assertThat(Articles.startupFailure(db, UnknownProperty.class)).startsWith(
        method(UnknownPropertyRepository.class, "findByNope(String)")
            + "No property 'nope' found for type 'Article'");
  }

  @DatabaseTest
  void failsStartupForAWindowWhoseOrderNoIndexServesEvenWithAllowFullScan(TestDatabase db) {
    assertThat(Articles.startupFailure(db, UnsortedWindow.class)).isEqualTo(
        method(UnsortedWindowRepository.class, "findByAuthorOrderByTitle(String, ScrollPosition)")
            + "no index of table \"articles\" serves its order [title asc] after the fields its "
            + "equalities pin (the planner would read by_author_rating), and pages are read in "
            + "index order (@AllowFullScan does not change that). Add an index on [author, "
            + "title], for example @Index(name = \"by_author_and_title\", fields = {\"author\", "
            + "\"title\"}) on Article");
  }

  @DatabaseTest
  void startsWindowAndSliceMethodsAnIndexServes(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Paging.class)) {
      assertThat(context.getBean(PagedRepository.class).findAllBy(ScrollPosition.keyset()))
          .isEmpty();
    }
  }

  @DatabaseTest
  void failsStartupForARepositoryOfAClassOutsideTheSchema(TestDatabase db) {
    assertThatThrownBy(() -> Articles.context(db, Strangers.class).close())
        .isInstanceOf(BeanCreationException.class)
        .rootCause().hasMessageStartingWith("Repository " + StrangerRepository.class.getName()
            + " manages " + Stranger.class.getName() + ", which is not an entity of the schema; "
            + "its entities are [");
  }
}
