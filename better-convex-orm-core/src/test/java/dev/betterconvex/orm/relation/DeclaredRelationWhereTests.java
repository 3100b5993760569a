package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.gt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Map;

/** A relation declared with a {@code where} keeps only matching related rows, on every load. */
class DeclaredRelationWhereTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> {
        t.field("name", FieldType.string()).notNull();
        t.many("posts", "posts");
        t.many("publishedPosts", "posts").where("published", true);
      })
      .table("posts", t -> {
        t.field("authorId", FieldType.id("users")).notNull().references("users");
        t.field("published", FieldType.bool()).notNull();
        t.field("n", FieldType.int64()).notNull();
        t.index("by_author", "authorId");
      })
      .build();

  @DatabaseTest
  void theDeclaredWhereFiltersEveryLoadAndAQueryWhereAddsToIt(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    engine.mutation(tx -> {
      String ada = tx.insert("users", Map.of("name", "ada"));
      for (int i = 0; i < 6; i++) {
        tx.insert("posts", Map.of("authorId", ada, "published", i % 2 == 0, "n", (long) i));
      }
      return null;
    });
    ConvexOrm orm = new ConvexOrm(engine);
    assertThat(SCHEMA.requireTable("users").relation("publishedPosts").orElseThrow().where())
        .containsKey("published");
    Row all = orm.query("users").rows().with("posts", r -> r.limit(10)).limit(1).findMany().get(0);
    assertThat(all.many("posts")).hasSize(6);
    Row published = orm.query("users").rows().with("publishedPosts", r -> r.limit(10)).limit(1)
        .findMany().get(0);
    assertThat(published.many("publishedPosts")).extracting(p -> p.get("n"))
        .containsExactlyInAnyOrder(0L, 2L, 4L);
    Row narrowed = orm.query("users").rows()
        .with("publishedPosts", r -> r.where(gt("n", 1)).limit(10)).limit(1).findMany().get(0);
    assertThat(narrowed.many("publishedPosts")).extracting(p -> p.get("n"))
        .containsExactlyInAnyOrder(2L, 4L);
  }
}
