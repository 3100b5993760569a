package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Many-to-many relations pass through the junction table's policies and the target's. */
class JunctionRowLevelSecurityTests {

  static final Schema SCHEMA = Schema.builder()
      .table("posts", t -> {
        t.field("title", FieldType.string()).notNull();
        t.manyToMany("tags", "tags").through("postTags", "postId", "tagId");
      })
      .table("tags", t -> {
        t.field("label", FieldType.string()).notNull();
        t.field("secret", FieldType.bool()).notNull();
      })
      .table("postTags", t -> {
        t.field("postId", FieldType.id("posts")).notNull();
        t.field("tagId", FieldType.id("tags")).notNull();
        t.field("ownerId", FieldType.string()).notNull();
        t.index("by_post", "postId");
        t.index("by_tag", "tagId");
      })
      .build();

  @DatabaseTest
  void junctionAndTargetRowsAreFilteredByTheirPolicies(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    engine.mutation(tx -> {
      String post = tx.insert("posts", Map.of("title", "p"));
      for (String[] tag : new String[][] {{"red", "ada", "false"}, {"blue", "bob", "false"},
          {"gold", "ada", "true"}}) {
        String id = tx.insert("tags", Map.of("label", tag[0], "secret",
            Boolean.parseBoolean(tag[2])));
        tx.insert("postTags", Map.of("postId", post, "tagId", id, "ownerId", tag[1]));
      }
      return null;
    });
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("own links", "postTags")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .policy(Policy.permissive("public tags", "tags")
            .using(Condition.where(ctx -> eq("secret", false))).build())
        .build();
    ConvexOrm plain = new ConvexOrm(engine);
    for (String user : List.of("ada", "bob")) {
      ConvexOrm orm = plain.withRowLevelSecurity(rls, () -> PolicyContext.of(user, Set.of()));
      List<Row> posts = orm.query("posts").with("tags", r -> r.limit(10)).rows().limit(5)
          .findMany();
      assertThat(posts).singleElement().satisfies(post ->
          assertThat(post.many("tags")).extracting(tag -> tag.get("label"))
              .containsExactly(user.equals("ada") ? "red" : "blue"));
    }
    assertThat(plain.query("posts").with("tags", r -> r.limit(10)).rows().limit(5).findMany()
        .get(0).many("tags")).hasSize(3);
  }
}
