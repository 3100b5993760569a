package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.repository.Articles.Address;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.Param;
import org.springframework.data.repository.query.QueryLookupStrategy;

class DeclaredQueryTests {

  interface Slug {
    String getSlug();
  }

  interface DeclaredRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = :author and rating >= :min", orderBy = "rating desc")
    List<Article> popular(String author, int min);

    @ConvexQuery(where = "author IN :authors AND published = true")
    List<Article> publishedBy(Collection<String> authors);

    @ConvexQuery(where = "slug = :slug")
    Optional<Slug> bySlug(String slug);

    @ConvexQuery(where = "author = :author")
    long countBy(String author);

    @ConvexQuery(where = "author = :author and rating between :low and :high")
    boolean anyRated(String author, int low, int high);

    @ConvexQuery(where = "author = 'ada' and not (rating < 24 or title is null)")
    List<Article> adasBest();

    @ConvexQuery(where = "author = :author", orderBy = "rating")
    Page<Article> pageOf(@Param("author") String who, Pageable pageable);

    @ConvexQuery(where = "author = :author", orderBy = "rating asc")
    Window<Article> scrollOf(String author, ScrollPosition position);

    @ConvexQuery(where = "address.city = :city and author != 'nobody'")
    List<Article> inCity(String city);

    @ConvexQuery(where = "title starts with :prefix")
    List<Article> titled(String prefix);

    @AllowFullScan
    @ConvexQuery(where = "title like :pattern or rating > 24")
    List<Article> scan(String pattern);
  }

  interface UnindexedRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "rating = :rating")
    List<Article> rated(int rating);
  }

  interface SyntaxRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = ")
    List<Article> broken(String author);
  }

  interface UnknownParameterRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = :who")
    List<Article> byAuthor(String author);
  }

  interface UnusedParameterRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = :author")
    List<Article> byAuthor(String author, int rating);
  }

  interface UnknownPropertyRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "nope = :nope")
    List<Article> byNope(String nope);
  }

  interface BadOrderRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = :author", orderBy = "rating downwards")
    List<Article> byAuthor(String author);
  }

  interface VoidRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = :author")
    void byAuthor(String author);
  }

  interface MixedRepository extends BetterConvexRepository<Article> {

    @ConvexQuery(where = "author = :author")
    List<Article> declared(String author);

    List<Article> findByAuthor(String author);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = DeclaredRepository.class))
  static class Declared {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnindexedRepository.class))
  static class Unindexed {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = SyntaxRepository.class))
  static class Syntax {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnknownParameterRepository.class))
  static class UnknownParameter {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnusedParameterRepository.class))
  static class UnusedParameter {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnknownPropertyRepository.class))
  static class UnknownProperty {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = BadOrderRepository.class))
  static class BadOrder {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = VoidRepository.class))
  static class VoidResult {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = MixedRepository.class),
      queryLookupStrategy = QueryLookupStrategy.Key.CREATE)
  static class CreateOnly {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = MixedRepository.class),
      queryLookupStrategy = QueryLookupStrategy.Key.USE_DECLARED_QUERY)
  static class DeclaredOnly {
  }

  private static String method(Class<?> repository, String signature) {
    return "Repository method " + repository.getName() + "." + signature + ": ";
  }

  @DatabaseTest
  void runsDeclaredFiltersAndOrders(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Declared.class)) {
      DeclaredRepository repo = Articles.seeded(context.getBean(DeclaredRepository.class));
      repo.save(Article.of("c1", "cy", 5, true, "xylophone")
          .withAddress(new Address("Paris", null)));

      assertThat(repo.popular("ada", 22)).extracting(Article::rating)
          .containsExactly(25, 24, 23, 22);
      assertThat(repo.publishedBy(List.of("ada", "cy"))).extracting(Article::slug)
          .containsExactlyInAnyOrder("a3", "a6", "a9", "a12", "a15", "a18", "a21", "a24", "c1");
      assertThat(repo.bySlug("a7")).map(Slug::getSlug).contains("a7");
      assertThat(repo.bySlug("none")).isEmpty();
      assertThat(repo.countBy("ada")).isEqualTo(25);
      assertThat(repo.anyRated("bob", 2, 9)).isTrue();
      assertThat(repo.anyRated("bob", 3, 9)).isFalse();
      assertThat(repo.adasBest()).extracting(Article::rating).containsExactlyInAnyOrder(24, 25);
      assertThat(repo.inCity("Paris")).extracting(Article::slug).containsExactly("c1");
      assertThat(repo.titled("xy")).extracting(Article::slug).containsExactly("c1");
      assertThat(repo.scan("t1%")).extracting(Article::rating)
          .containsExactlyInAnyOrder(1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25);

      Page<Article> page = repo.pageOf("ada", PageRequest.of(1, 10));
      assertThat(page.getContent()).extracting(Article::rating).startsWith(11, 12);
      assertThat(page.getTotalElements()).isEqualTo(25);

      Window<Article> window = repo.scrollOf("ada", ScrollPosition.keyset());
      assertThat(window).hasSize(20);
      assertThat(repo.scrollOf("ada", window.positionAt(19))).extracting(Article::rating)
          .containsExactly(21, 22, 23, 24, 25);
    }
  }

  @DatabaseTest
  void checksDeclarationsAtStartup(TestDatabase db) {
    assertThat(Articles.startupFailure(db, Unindexed.class)).isEqualTo(
        method(UnindexedRepository.class, "rated(int)") + "no index of table \"articles\" "
            + "narrows its filter on [rating] (the planner would read by_creation_time), so "
            + "every call would read the whole table. Add an index on [rating], for example "
            + "@Index(name = \"by_rating\", fields = {\"rating\"}) on Article, or annotate the "
            + "method with @AllowFullScan");
    assertThat(Articles.startupFailure(db, Syntax.class)).isEqualTo(
        method(SyntaxRepository.class, "broken(String)") + "@ConvexQuery(where = \"author = \"): "
            + "expected a :parameter or a literal at position 9, found the end");
    assertThat(Articles.startupFailure(db, UnknownParameter.class)).isEqualTo(
        method(UnknownParameterRepository.class, "byAuthor(String)") + "@ConvexQuery(where = "
            + "\"author = :who\") uses :who, which is not a parameter of the method; its "
            + "parameters: [author]");
    assertThat(Articles.startupFailure(db, UnusedParameter.class)).isEqualTo(
        method(UnusedParameterRepository.class, "byAuthor(String, int)") + "the parameters "
            + "[rating] are not used by @ConvexQuery(where = \"author = :author\"): refer to each "
            + "as :name");
    assertThat(Articles.startupFailure(db, UnknownProperty.class)).startsWith(
        method(UnknownPropertyRepository.class, "byNope(String)")
            + "No property 'nope' found for type 'Article'");
    assertThat(Articles.startupFailure(db, BadOrder.class)).isEqualTo(
        method(BadOrderRepository.class, "byAuthor(String)") + "@ConvexQuery(orderBy = \"rating "
            + "downwards\"): expected property paths, each optionally followed by asc or desc, "
            + "separated by commas; found \"rating downwards\"");
    assertThat(Articles.startupFailure(db, VoidResult.class)).isEqualTo(
        method(VoidRepository.class, "byAuthor(String)") + "a @ConvexQuery method finds, "
            + "counts (long, int) or tests existence (boolean), it does not delete: declare a "
            + "deleteBy… method, or return what it finds");
  }

  @DatabaseTest
  void lookupStrategiesNeverIgnoreADeclaration(TestDatabase db) {
    assertThat(Articles.startupFailure(db, CreateOnly.class)).isEqualTo("Repository method "
        + MixedRepository.class.getName() + ".declared: it is annotated @ConvexQuery, which the "
        + "query lookup strategy CREATE would ignore (it derives every query from the method "
        + "name); use CREATE_IF_NOT_FOUND or USE_DECLARED_QUERY");
    assertThat(Articles.startupFailure(db, DeclaredOnly.class)).isEqualTo("Repository method "
        + MixedRepository.class.getName() + ".findByAuthor: the query lookup strategy "
        + "USE_DECLARED_QUERY needs a @ConvexQuery on every query method");
  }
}
