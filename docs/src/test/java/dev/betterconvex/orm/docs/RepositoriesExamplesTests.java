package dev.betterconvex.orm.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.repository.AllowFullScan;
import dev.betterconvex.orm.repository.BetterConvexRepository;
import dev.betterconvex.orm.repository.EnableBetterConvexRepositories;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.QueryCreationException;

/** Runs the examples of docs/repositories.md and checks the messages quoted there. */
class RepositoriesExamplesTests {

  @Table(name = "posts", defaultLimit = 100)
  @Index(name = "by_author_published", fields = {"authorId", "publishedAt"})
  @Index(name = "by_status", fields = "status")
  @Index(name = "by_slug", fields = "slug")
  @Unique(name = "posts_slug_unique", fields = "slug")
  record Post(
      @Id String id,
      @CreationTime double createdAt,
      @NotNull String slug,
      @NotNull String authorId,
      String status,
      double publishedAt,
      String title) {
  }

  @Table(name = "events")
  @Index(name = "by_kind", fields = "kind")
  record Event(@Id String id, @CreationTime double at, @NotNull String kind) {
  }

  interface PostRepository extends BetterConvexRepository<Post> {

    List<Post> findByAuthorIdOrderByPublishedAtDesc(String authorId, Limit limit);

    Optional<Post> findUniqueBySlug(String slug);

    List<Post> findByStatusIn(Collection<String> statuses);

    long countByStatus(String status);

    boolean existsBySlug(String slug);

    long deleteByAuthorId(String authorId);

    @AllowFullScan
    List<Post> findByTitleContainingIgnoreCase(String text);

    Window<Post> findByAuthorIdOrderByPublishedAtDesc(String authorId, ScrollPosition position,
        Limit limit);

    Slice<Post> findByStatus(String status, Pageable pageable);
  }

  interface EventRepository extends BetterConvexRepository<Event> {

    List<Event> findByKind(String kind);
  }

  interface UnindexedRepository extends BetterConvexRepository<Post> {

    List<Post> findByTitle(String title);
  }

  interface UnsortedRepository extends BetterConvexRepository<Post> {

    List<Post> findByAuthorIdOrderByTitle(String authorId);
  }

  interface UnsortedWindowRepository extends BetterConvexRepository<Post> {

    @AllowFullScan
    Window<Post> findByAuthorIdOrderByTitle(String authorId, ScrollPosition position);
  }

  interface NotUniqueRepository extends BetterConvexRepository<Post> {

    Optional<Post> findUniqueByAuthorId(String authorId);
  }

  @Configuration(proxyBeanMethods = false)
  static class Engine {

    @Bean
    ConvexEngine convexEngine(DataSource dataSource) {
      return ConvexEngine.builder(dataSource, Schema.fromEntities(Post.class, Event.class)).build();
    }

    @Bean
    ConvexOrm convexOrm(ConvexEngine engine) {
      return new ConvexOrm(engine);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = {PostRepository.class, EventRepository.class}))
  static class Repositories {
  }

  private static AnnotationConfigApplicationContext context(TestDatabase db, Class<?> config) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, db::dataSource, d -> d.setDestroyMethodName(""));
    context.register(Engine.class, config);
    context.refresh();
    return context;
  }

  @DatabaseTest
  void repositoriesExamples(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db, Repositories.class)) {
      PostRepository posts = context.getBean(PostRepository.class);
      Post saved = posts.save(new Post(null, 0, "hello", "ada", "live", 10.0, "Hello"));
      assertThat(saved.id()).hasSize(32);
      assertThat(posts.findUniqueBySlug("hello")).contains(saved);
      assertThat(posts.findByAuthorIdOrderByPublishedAtDesc("ada", Limit.of(10)))
          .containsExactly(saved);
      assertThat(posts.countByStatus("live")).isEqualTo(1);
      assertThat(posts.findByStatusIn(List.of("live", "draft"))).containsExactly(saved);
      assertThat(posts.existsBySlug("hello")).isTrue();
      assertThat(posts.findByTitleContainingIgnoreCase("HELL")).containsExactly(saved);
      assertThat(posts.deleteByAuthorId("ada")).isEqualTo(1);

      EventRepository events = context.getBean(EventRepository.class);
      events.saveAll(List.of(new Event(null, 0, "click"), new Event(null, 0, "view")));
      assertThat(events.findAll()).extracting(Event::kind).containsExactly("view", "click");
      assertThat(events.findByKind("click")).extracting(Event::kind).containsExactly("click");
      assertThatThrownBy(() -> posts.findAll(Sort.by("title")))
          .isInstanceOf(UnboundedQueryException.class)
          .hasMessage("findAll on the repository of Post was called with title: ASC: no index of "
              + "table \"posts\" serves the order [title asc] (the planner would read "
              + "by_creation_time), and a repository sorts only what an index orders. Add an "
              + "index on [title], for example @Index(name = \"by_title\", fields = {\"title\"}) "
              + "on Post, or declare a query method that may sort after reading every document, "
              + "such as @AllowFullScan List<Post> findAllBy(Sort sort)");
    }
  }

  interface PostTitle {
    String getTitle();
  }

  @DatabaseTest
  void queryByExampleExamples(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db, Repositories.class)) {
      PostRepository posts = context.getBean(PostRepository.class);
      for (int i = 1; i <= 5; i++) {
        posts.save(new Post(null, 0, "s" + i, "ada", "live", i, "T" + i));
      }
      posts.save(new Post(null, 0, "hello", "bob", "live", 9, "Hello"));
      Post probe = new Post(null, 0, null, "ada", null, 0, null);
      org.springframework.data.domain.ExampleMatcher matcher =
          org.springframework.data.domain.ExampleMatcher.matching()
              .withIgnorePaths("createdAt", "publishedAt");
      org.springframework.data.domain.Example<Post> byAda =
          org.springframework.data.domain.Example.of(probe, matcher);
      assertThat(posts.findAll(byAda)).hasSize(5);
      assertThat(posts.count(byAda)).isEqualTo(5);
      assertThat(posts.findAll(org.springframework.data.domain.Example.of(
          new Post(null, 0, "hel", null, null, 0, null), matcher.withStringMatcher(
              org.springframework.data.domain.ExampleMatcher.StringMatcher.STARTING))))
          .extracting(Post::slug).containsExactly("hello");

      List<Post> latest = posts.findBy(byAda, q -> q.sortBy(Sort.by("publishedAt").descending())
          .limit(3).all());
      assertThat(latest).extracting(Post::slug).containsExactly("s5", "s4", "s3");
      org.springframework.data.domain.Page<PostTitle> page = posts.findBy(byAda,
          q -> q.as(PostTitle.class).page(org.springframework.data.domain.PageRequest.of(0, 20,
              Sort.by("publishedAt"))));
      assertThat(page.getContent()).extracting(PostTitle::getTitle)
          .containsExactly("T1", "T2", "T3", "T4", "T5");
      org.springframework.data.domain.Window<Post> window = posts.findBy(byAda,
          q -> q.limit(10).scroll(org.springframework.data.domain.ScrollPosition.keyset()));
      assertThat(window.getContent()).hasSize(5);
    }
  }

  @DatabaseTest
  void windowsAndSlicesExamples(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db, Repositories.class)) {
      PostRepository posts = context.getBean(PostRepository.class);
      for (int i = 1; i <= 45; i++) {
        posts.save(new Post(null, 0, "p" + i, "ada", i % 2 == 0 ? "live" : "draft", i, "T" + i));
      }
      List<Post> rendered = new ArrayList<>();
      ScrollPosition position = ScrollPosition.keyset();
      Window<Post> window;
      int windows = 0;
      do {
        window = posts.findByAuthorIdOrderByPublishedAtDesc("ada", position, Limit.of(20));
        rendered.addAll(window.getContent());
        windows++;
        if (!window.isEmpty()) {
          position = window.positionAt(window.size() - 1);
        }
      } while (window.hasNext());
      assertThat(windows).isEqualTo(3);
      assertThat(rendered).extracting(Post::publishedAt).startsWith(45.0, 44.0).endsWith(1.0)
          .hasSize(45).doesNotHaveDuplicates();

      assertThatThrownBy(() -> posts.findByAuthorIdOrderByPublishedAtDesc("ada",
          ScrollPosition.offset(10), Limit.of(20)))
          .hasMessage("Repository method " + PostRepository.class.getName()
              + ".findByAuthorIdOrderByPublishedAtDesc(String, ScrollPosition, Limit) was called "
              + "with an offset position: only keyset scrolling is supported (offsets would skip "
              + "or repeat rows while data changes). Start with ScrollPosition.keyset(), continue "
              + "with window.positionAt(window.size() - 1)");

      Slice<Post> slice = posts.findByStatus("live", PageRequest.of(0, 20));
      assertThat(slice).hasSize(20);
      assertThat(slice.hasNext()).isTrue();
      assertThatThrownBy(() -> posts.findByStatus("live", slice.nextPageable()))
          .hasMessageEndingWith("was called for page 1: a Slice is only ever the first page, "
              + "since pages are read by cursor, not by offset. To read further, declare the "
              + "method returning Window<T> with a ScrollPosition parameter and continue from "
              + "window.positionAt(window.size() - 1)");
      assertThat(posts.findAll(ScrollPosition.keyset(), Limit.unlimited())).hasSize(20);
    }
  }

  @DatabaseTest
  void startupCheckMessages(TestDatabase db) {
    assertThat(failure(db, Unindexed.class, UnindexedRepository.class,
        "com.example.PostRepository")).isEqualTo("Repository method "
        + "com.example.PostRepository.findByTitle(String): no index of table \"posts\" narrows "
        + "its filter on [title] (the planner would read by_creation_time), so every call would "
        + "read the whole table. Add an index on [title], for example @Index(name = "
        + "\"by_title\", fields = {\"title\"}) on Post, or annotate the method with "
        + "@AllowFullScan");
    assertThat(failure(db, Unsorted.class, UnsortedRepository.class,
        "com.example.PostRepository")).isEqualTo("Repository method "
        + "com.example.PostRepository.findByAuthorIdOrderByTitle(String): no index of table "
        + "\"posts\" serves its order [title asc] after the fields its equalities pin (the "
        + "planner would read by_author_published), so every call would read every match and "
        + "sort it. Add an index on [authorId, title], for example @Index(name = "
        + "\"by_authorId_and_title\", fields = {\"authorId\", \"title\"}) on Post, or annotate the "
        + "method with @AllowFullScan");
    assertThat(failure(db, UnsortedWindow.class, UnsortedWindowRepository.class,
        "com.example.PostRepository")).isEqualTo("Repository method "
        + "com.example.PostRepository.findByAuthorIdOrderByTitle(String, ScrollPosition): no "
        + "index of table \"posts\" serves its order [title asc] after the fields its equalities "
        + "pin (the planner would read by_author_published), and pages are read in index order "
        + "(@AllowFullScan does not change that). Add an index on [authorId, title], for example "
        + "@Index(name = \"by_authorId_and_title\", fields = {\"authorId\", \"title\"}) on Post");
    assertThat(failure(db, NotUnique.class, NotUniqueRepository.class,
        "com.example.PostRepository")).isEqualTo("Repository method "
        + "com.example.PostRepository.findUniqueByAuthorId(String): findUnique needs equalities "
        + "(Is, Equals) on _id or on every field of a unique constraint of table \"posts\", and "
        + "it pins [authorId]; the table's unique constraints: posts_slug_unique [slug]. Declare "
        + "a unique constraint on [authorId], for example @Unique(name = "
        + "\"posts_authorId_unique\", fields = {\"authorId\"}) on Post, or name the method "
        + "findFirstBy… to take the first match");
  }

  /** The startup failure of {@code configuration}, with the repository named as the page does. */
  private static String failure(TestDatabase db, Class<?> configuration, Class<?> repository,
      String pageName) {
    try (AnnotationConfigApplicationContext context = context(db, configuration)) {
      throw new AssertionError("the context started");
    }
    catch (BeanCreationException ex) {
      for (Throwable t = ex; t != null; t = t.getCause()) {
        if (t instanceof QueryCreationException) {
          return t.getMessage().replace(repository.getName(), pageName);
        }
      }
      throw new AssertionError("no QueryCreationException in", ex);
    }
  }

  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnsortedWindowRepository.class))
  static class UnsortedWindow {
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
}
