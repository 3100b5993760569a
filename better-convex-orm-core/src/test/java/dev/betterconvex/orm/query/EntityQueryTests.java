package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Sort;
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
import java.util.List;
import java.util.Map;
import org.springframework.dao.InvalidDataAccessApiUsageException;

class EntityQueryTests {

  @Table(name = "articles")
  @Index(name = "by_author_rating", fields = {"author", "rating"})
  @Unique(name = "articles_slug_unique", fields = "slug")
  @Index(name = "by_slug", fields = "slug")
  record Article(@Id String id, @CreationTime double createdAt, @NotNull String slug,
      @NotNull String author, int rating) {
  }

  static ConvexOrm orm(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Article.class))
        .build();
    engine.mutation(tx -> {
      tx.insert("articles", Map.of("slug", "a", "author", "ada", "rating", 3));
      tx.insert("articles", Map.of("slug", "b", "author", "ada", "rating", 5));
      tx.insert("articles", Map.of("slug", "c", "author", "bob", "rating", 4));
      return null;
    });
    return new ConvexOrm(engine);
  }

  @DatabaseTest
  void readsTypedEntitiesWithPropertyNames(TestDatabase db) {
    ConvexOrm orm = orm(db);
    List<Article> best = orm.query(Article.class)
        .where(and(eq("author", "ada"), gte("rating", 4)))
        .orderBy(Sort.desc("rating")).limit(5).findMany();
    assertThat(best).extracting(Article::slug).containsExactly("b");
    assertThat(best.get(0).id()).hasSize(32);
    assertThat(best.get(0).createdAt()).isPositive();

    Article c = orm.query(Article.class).where(eq("slug", "c")).findUnique().orElseThrow();
    assertThat(orm.query(Article.class).where(eq("id", c.id())).findUnique()).contains(c);
    assertThat(orm.query(Article.class).where(gte("createdAt", c.createdAt()))
        .orderBy(Sort.asc("createdAt")).limit(5).findMany()).containsExactly(c);
    assertThat(orm.query(Article.class).orderBy(Sort.asc("createdAt")).limit(5)
        .columns("slug", "rating").findMany())
        .containsExactly(Map.of("slug", "a", "rating", 3L), Map.of("slug", "b", "rating", 5L),
            Map.of("slug", "c", "rating", 4L));
  }

  @DatabaseTest
  void refusesClassesThatAreNotEntities(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThatThrownBy(() -> orm.query(String.class))
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("java.lang.String is not an entity");
  }
}
