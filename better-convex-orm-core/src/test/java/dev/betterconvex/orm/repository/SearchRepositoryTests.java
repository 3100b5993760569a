package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.SearchIndex;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

class SearchRepositoryTests {

  @Table(name = "notes")
  @SearchIndex(name = "search_text", searchField = "text", filterFields = "owner")
  record Note(@Id @Nullable String id, @NotNull String text, @NotNull String owner) {
  }

  interface NoteRepository extends BetterConvexRepository<Note> {

    @SearchQuery(index = "search_text", filters = "owner")
    List<Note> searchOwn(String text, String owner);

    @SearchQuery(index = "search_text")
    SearchResults<Note> rank(String text, Limit limit);
  }

  interface UnknownIndexRepository extends BetterConvexRepository<Note> {

    @SearchQuery(index = "search_body")
    List<Note> search(String text);
  }

  interface NotAFilterFieldRepository extends BetterConvexRepository<Note> {

    @SearchQuery(index = "search_text", filters = "text")
    List<Note> search(String text, String other);
  }

  interface WrongParametersRepository extends BetterConvexRepository<Note> {

    @SearchQuery(index = "search_text", filters = "owner")
    List<Note> search(String text);
  }

  @Configuration(proxyBeanMethods = false)
  static class Engine {

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
      return new JdbcTransactionManager(dataSource);
    }

    @Bean
    ConvexEngine convexEngine(DataSource dataSource, PlatformTransactionManager transactions) {
      return ConvexEngine.builder(dataSource, Schema.fromEntities(Note.class))
          .transactionManager(transactions).build();
    }

    @Bean
    ConvexOrm convexOrm(ConvexEngine engine) {
      return new ConvexOrm(engine);
    }
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = NoteRepository.class))
  static class Notes {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnknownIndexRepository.class))
  static class UnknownIndex {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = NotAFilterFieldRepository.class))
  static class NotAFilterField {
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = WrongParametersRepository.class))
  static class WrongParameters {
  }

  static AnnotationConfigApplicationContext context(TestDatabase db, Class<?> configuration) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, db::dataSource,
        definition -> definition.setDestroyMethodName(""));
    context.register(Engine.class, configuration);
    context.refresh();
    return context;
  }

  @DatabaseTest
  void searchMethodsReturnEntitiesInRelevanceOrderWithScoresWhenAsked(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db, Notes.class)) {
      NoteRepository repo = context.getBean(NoteRepository.class);
      repo.save(new Note(null, "buy milk and more milk", "ada"));
      repo.save(new Note(null, "milk the cows at dawn, then feed the cows", "ada"));
      repo.save(new Note(null, "milkshake recipe", "bob"));
      assertThat(repo.searchOwn("milk", "ada")).extracting(Note::text)
          .containsExactly("buy milk and more milk", "milk the cows at dawn, then feed the cows");
      assertThat(repo.searchOwn("milk", "bob")).extracting(Note::text)
          .containsExactly("milkshake recipe"); // the last term is a prefix
      SearchResults<Note> ranked = repo.rank("milk", Limit.of(2));
      assertThat(ranked.getContent()).hasSize(2);
      List<SearchResult<Note>> results = ranked.getContent();
      assertThat(results.get(0).getContent().text()).isEqualTo("buy milk and more milk");
      assertThat(results.get(0).getScore().getValue())
          .isGreaterThan(results.get(1).getScore().getValue()).isPositive();

      // The fluent API scores entities the same way: a SearchResult per entity.
      List<SearchResult<Note>> fluent = context.getBean(ConvexOrm.class).query(Note.class)
          .withSearchIndex("search_text", q -> q.search("text", "milk")).includeScore()
          .limit(2).findMany();
      assertThat(fluent).extracting(r -> r.getContent().text())
          .containsExactly(results.get(0).getContent().text(),
              results.get(1).getContent().text());
      assertThat(fluent.get(0).getScore().getValue())
          .isEqualTo(results.get(0).getScore().getValue());
    }
  }

  @DatabaseTest
  void searchMethodsAreCheckedAtStartup(TestDatabase db) {
    assertThat(startupFailure(db, UnknownIndex.class))
        .contains(UnknownIndexRepository.class.getName() + ".search")
        .contains("no such search index").contains("[search_text]");
    assertThat(startupFailure(db, NotAFilterField.class))
        .contains("\"text\" is not a filter field of search index notes.search_text");
    assertThat(startupFailure(db, WrongParameters.class))
        .contains("takes the text (a String), then one value per filter [owner]");
  }

  private static String startupFailure(TestDatabase db, Class<?> configuration) {
    Throwable failure = null;
    try (AnnotationConfigApplicationContext ignored = context(db, configuration)) {
      throw new AssertionError("the context started");
    }
    catch (BeanCreationException ex) {
      failure = ex;
    }
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @DatabaseTest
  void aNullTextIsRefused(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db, Notes.class)) {
      NoteRepository repo = context.getBean(NoteRepository.class);
      assertThatThrownBy(() -> repo.searchOwn(null, "ada"))
          .hasMessageContaining("must not be null");
    }
  }
}
