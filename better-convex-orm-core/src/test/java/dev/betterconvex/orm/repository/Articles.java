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
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
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
