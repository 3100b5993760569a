package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.Articles.Address;
import dev.betterconvex.orm.repository.Articles.Article;
import dev.betterconvex.orm.repository.Articles.Event;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class RepositoryCrudTests {

  interface ArticleRepository extends BetterConvexRepository<Article> {
  }

  interface EventRepository extends BetterConvexRepository<Event> {

    @AllowFullScan
    List<Event> findAllBy();

    @AllowFullScan
    List<Event> findAllBy(Sort sort);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = {ArticleRepository.class, EventRepository.class}))
  static class Repositories {
  }

  /** Returns a well-formed id of table "articles" that names no document. */
  private static String missingId(ArticleRepository articles) {
    String id = articles.save(Article.of("gone", "ada", 0, false, null)).id();
    articles.deleteById(id);
    return id;
  }

  @DatabaseTest
  void savesInsertsNewEntitiesAndReadsThemBack(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      Article draft = Article.of("hello", "ada", 3, false, "Hello", "intro")
          .withAddress(new Address("Lyon", "69001"));
      Article saved = articles.save(draft);

      assertThat(draft.id()).isNull();
      assertThat(saved.id()).hasSize(32);
      assertThat(saved.createdAt()).isPositive();
      assertThat(saved).usingRecursiveComparison().ignoringFields("id", "createdAt")
          .isEqualTo(draft);
      assertThat(articles.findById(saved.id())).contains(saved);
      assertThat(articles.existsById(saved.id())).isTrue();
      assertThat(context.getBean(ConvexEngine.class).<Object>query(db2 ->
          db2.get(saved.id()).orElseThrow().getJava("address")))
          .isEqualTo(Map.of("city", "Lyon", "zip", "69001"));
    }
  }

  @DatabaseTest
  void savesReplacesTheUserFieldsOfAnEntityWithAnId(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      Article saved = articles.save(Article.of("hello", "ada", 3, false, "Hello"));
      Article updated = articles.save(new Article(saved.id(), saved.createdAt(), "hello", "ada",
          5, true, null, List.of(), null));

      assertThat(updated.id()).isEqualTo(saved.id());
      assertThat(updated.createdAt()).isEqualTo(saved.createdAt());
      assertThat(updated.rating()).isEqualTo(5);
      assertThat(updated.title()).isNull();
      assertThat(articles.findById(saved.id())).contains(updated);
      assertThat(articles.count()).isEqualTo(1);
    }
  }

  @DatabaseTest
  void refusesToSaveAnEntityWhoseIdNamesNoDocument(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      Event event = context.getBean(EventRepository.class).save(new Event(null, 0, "click", 1));
      for (String id : List.of(missingId(articles), "not-an-id", event.id())) {
        Article ghost = new Article(id, 0, "ghost", "ada", 1, false, null, null, null);
        assertThatThrownBy(() -> articles.save(ghost))
            .isInstanceOf(IncorrectUpdateSemanticsDataAccessException.class)
            .hasMessageContaining("table \"articles\" has no document with that id");
      }
      assertThat(articles.count()).isZero();
    }
  }

  @DatabaseTest
  void savesAllOrNothingInOneMutation(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      List<Article> saved = articles.saveAll(List.of(Article.of("a", "ada", 1, true, "A"),
          Article.of("b", "bob", 2, true, "B")));
      assertThat(saved).extracting(Article::slug).containsExactly("a", "b");

      Article ghost = new Article(missingId(articles), 0, "ghost", "ada", 1, false, null, null,
          null);
      assertThatThrownBy(() -> articles.saveAll(List.of(Article.of("c", "cy", 3, true, "C"),
          ghost))).isInstanceOf(IncorrectUpdateSemanticsDataAccessException.class);
      assertThat(articles.count()).isEqualTo(2);
    }
  }

  @DatabaseTest
  void findsByIdWithOrmSemanticsForMalformedAndForeignIds(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      Article a = articles.save(Article.of("a", "ada", 1, true, "A"));
      Article b = articles.save(Article.of("b", "bob", 2, true, "B"));
      Event event = context.getBean(EventRepository.class).save(new Event(null, 0, "click", 1));

      assertThat(articles.findById("not-an-id")).isEmpty();
      assertThat(articles.findById(missingId(articles))).isEmpty();
      assertThat(articles.findById(event.id())).isEmpty();
      assertThat(articles.existsById("not-an-id")).isFalse();
      assertThat(articles.findAllById(List.of(b.id(), "not-an-id", a.id(), event.id(), b.id())))
          .containsExactly(b, a);
    }
  }

  @DatabaseTest
  void findAllReadsEveryDocumentInAnOrderAnIndexServes(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      EventRepository events = context.getBean(EventRepository.class);
      for (int i = 0; i < 3; i++) {
        articles.save(Article.of("s" + i, "ada", i, true, "T" + i));
        events.save(new Event(null, 0, "click", i));
      }

      assertThat(articles.findAll()).extracting(Article::slug).containsExactly("s2", "s1", "s0");
      assertThat(articles.findAll(Limit.of(2))).extracting(Article::slug)
          .containsExactly("s2", "s1");
      assertThat(articles.findAll(Sort.by("title"))).extracting(Article::slug)
          .containsExactly("s0", "s1", "s2");
      assertThat(articles.findAll(Sort.by(Sort.Direction.DESC, "title"), Limit.of(1)))
          .extracting(Article::slug).containsExactly("s2");
      assertThatThrownBy(() -> articles.findAll(Sort.by("rating")))
          .isInstanceOf(UnboundedQueryException.class)
          .hasMessage("findAll on the repository of Article was called with rating: ASC: no "
              + "index of table \"articles\" serves the order [rating asc] (the planner would "
              + "read by_creation_time), and a repository sorts only what an index orders. Add "
              + "an index on [rating], for example @Index(name = \"by_rating\", fields = "
              + "{\"rating\"}) on Article, or declare a query method that may sort after reading "
              + "every document, such as @AllowFullScan List<Article> findAllBy(Sort sort)");
      assertThat(events.findAllBy(Sort.by("size"))).extracting(Event::size)
          .containsExactly(0L, 1L, 2L);

      assertThat(events.findAll(Limit.of(5))).hasSize(3);
      assertThat(events.findAllBy()).hasSize(3);
      assertThat(events.findAll()).extracting(Event::size).containsExactly(2L, 1L, 0L);
      assertThat(events.count()).isEqualTo(3);
    }
  }

  @DatabaseTest
  void deletesByIdEntityAndAllIgnoringWhatIsGone(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      List<Article> saved = articles.saveAll(List.of(Article.of("a", "ada", 1, true, "A"),
          Article.of("b", "bob", 2, true, "B"), Article.of("c", "cy", 3, true, "C"),
          Article.of("d", "di", 4, true, "D"), Article.of("e", "ed", 5, true, "E")));

      articles.deleteById(saved.get(0).id());
      articles.deleteById(saved.get(0).id());
      articles.deleteById("not-an-id");
      articles.delete(saved.get(1));
      articles.delete(Article.of("never", "saved", 0, false, null));
      assertThat(articles.count()).isEqualTo(3);

      articles.deleteAllById(List.of(saved.get(2).id(), missingId(articles), "not-an-id"));
      articles.deleteAll(List.of(saved.get(3), saved.get(2)));
      assertThat(articles.findAll()).containsExactly(saved.get(4));

      articles.saveAll(List.of(Article.of("f", "fy", 6, true, "F")));
      articles.deleteAll();
      assertThat(articles.count()).isZero();
    }
  }

  @DatabaseTest
  void joinsTheCallersTransaction(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = Articles.context(db, Repositories.class)) {
      ArticleRepository articles = context.getBean(ArticleRepository.class);
      TransactionTemplate tx = new TransactionTemplate(
          context.getBean(PlatformTransactionManager.class));
      assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
        Article saved = articles.save(Article.of("a", "ada", 1, true, "A"));
        assertThat(articles.findById(saved.id())).contains(saved);
        throw new IllegalStateException("roll back");
      })).hasMessage("roll back");
      assertThat(articles.count()).isZero();

      Article kept = tx.execute(status -> articles.save(Article.of("b", "bob", 2, true, "B")));
      assertThat(articles.findAll()).containsExactly(kept);
    }
  }
}
