package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The entities and Spring setup of the repository tests: articles (a default limit of 50, an
 * index per kind of condition, a unique slug) and events (no default limit), an engine and an
 * ORM as beans, and a context per test on the test's database.
 */
final class Articles {

  private Articles() {
  }

  record Address(@NotNull String city, @Field(name = "zip") @Nullable String postalCode) {
  }

  @Table(name = "articles", defaultLimit = 50)
  @Index(name = "by_author_rating", fields = {"author", "rating"})
  @Index(name = "by_title", fields = "title")
  @Index(name = "by_published", fields = "published")
  @Index(name = "by_slug", fields = "slug")
  @Index(name = "by_city", fields = "address.city")
  @Unique(name = "articles_slug_unique", fields = "slug")
  record Article(
      @Id @Nullable String id,
      @CreationTime double createdAt,
      @NotNull String slug,
      @NotNull String author,
      int rating,
      boolean published,
      @Nullable String title,
      @Nullable List<String> tags,
      @Nullable Address address) {

    static Article of(String slug, String author, int rating, boolean published,
        @Nullable String title, String... tags) {
      return new Article(null, 0, slug, author, rating, published, title, List.of(tags), null);
    }

    Article withAddress(Address address) {
      return new Article(id, createdAt, slug, author, rating, published, title, tags, address);
    }

    Article withRating(int rating) {
      return new Article(id, createdAt, slug, author, rating, published, title, tags, address);
    }
  }

  @Table(name = "events")
  @Index(name = "by_kind", fields = "kind")
  record Event(@Id @Nullable String id, @CreationTime double at, @NotNull String kind, long size) {
  }

  /** The engine (joining the transaction manager) and the ORM, on the registered DataSource. */
  @Configuration(proxyBeanMethods = false)
  static class Engine {

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
      return new JdbcTransactionManager(dataSource);
    }

    @Bean
    ConvexEngine convexEngine(DataSource dataSource, PlatformTransactionManager transactions) {
      return ConvexEngine.builder(dataSource, Schema.fromEntities(Article.class, Event.class))
          .transactionManager(transactions).build();
    }

    @Bean
    ConvexOrm convexOrm(ConvexEngine engine) {
      return new ConvexOrm(engine);
    }
  }

  /** Saves 25 articles by ada rated 1 to 25 (slugs a1..a25), 2 by bob; every third published. */
  static <R extends BetterConvexRepository<Article>> R seeded(R repo) {
    List<Article> articles = new ArrayList<>();
    IntStream.rangeClosed(1, 25).forEach(i ->
        articles.add(Article.of("a" + i, "ada", i, i % 3 == 0, "t" + i)));
    articles.add(Article.of("b1", "bob", 1, false, null));
    articles.add(Article.of("b2", "bob", 2, false, null));
    repo.saveAll(articles);
    return repo;
  }

  /** The message of the {@link QueryCreationException} that stops a context. */
  static String startupFailure(TestDatabase db, Class<?>... configurations) {
    BeanCreationException failure;
    try (AnnotationConfigApplicationContext context = context(db, configurations)) {
      throw new AssertionError("the context started");
    }
    catch (BeanCreationException ex) {
      failure = ex;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof QueryCreationException) {
        return t.getMessage();
      }
    }
    throw new AssertionError("no QueryCreationException in", failure);
  }

  /** Starts a context of {@link Engine} and {@code configurations} on {@code database}. */
  static AnnotationConfigApplicationContext context(TestDatabase database,
      Class<?>... configurations) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    // The test database owns the pool: closing the context must not close it.
    context.registerBean(DataSource.class, database::dataSource,
        definition -> definition.setDestroyMethodName(""));
    context.register(Engine.class);
    context.register(configurations);
    context.refresh();
    return context;
  }
}
