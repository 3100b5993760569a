package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.relation.OrmSettings;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.relation.RelationGuardrailException;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.ManyToMany;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the examples of docs/relations.md and checks the plan and error messages quoted there. */
class RelationsExamplesTests {

  @Table(name = "users")
  record User(@Id String id, @NotNull String name,
      @Many List<Post> posts,
      @One(fields = "_id", references = "userId") Profile profile) {
  }

  @Table(name = "profiles")
  @Index(name = "by_user", fields = "userId")
  record Profile(@Id String id, @References(table = "users") String userId, String bio) {
  }

  @Table(name = "posts")
  @Index(name = "by_author_published", fields = {"authorId", "publishedAt"})
  record Post(@Id String id, @References(table = "users") String authorId,
      @NotNull String title, boolean published, double publishedAt,
      @One User author,
      @Many List<Comment> comments,
      @ManyToMany(through = "postTags", sourceFields = "postId", targetFields = "tagId")
      List<Tag> tags,
      @Many List<Like> likes) {
  }

  @Table(name = "comments", defaultLimit = 20)
  @Index(name = "by_post", fields = "postId")
  record Comment(@Id String id, @References(table = "posts") String postId, String body) {
  }

  @Table(name = "tags")
  record Tag(@Id String id, @NotNull String name) {
  }

  @Table(name = "postTags")
  @Index(name = "by_post", fields = "postId")
  record PostTag(@Id String id, @References(table = "posts") String postId,
      @References(table = "tags") String tagId) {
  }

  @Table(name = "likes")
  record Like(@Id String id, @References(table = "posts") String postId) {
  }

  @DatabaseTest
  void relationsExamples(TestDatabase db) {
    Schema schema = Schema.fromEntities(User.class, Profile.class, Post.class, Comment.class,
        Tag.class, PostTag.class, Like.class);
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema).build();
    ConvexOrm orm = new ConvexOrm(engine);
    Map<String, String> ids = new HashMap<>();
    engine.mutation(tx -> {
      String ada = tx.insert("users", Map.of("name", "ada"));
      String bob = tx.insert("users", Map.of("name", "bob"));
      ids.put("ada", ada);
      tx.insert("profiles", Map.of("userId", ada, "bio", "engines"));
      String sql = tx.insert("tags", Map.of("name", "sql"));
      for (int i = 1; i <= 3; i++) {
        String post = tx.insert("posts", Map.of("authorId", ada, "title", "Note " + i,
            "published", i != 2, "publishedAt", (double) i));
        tx.insert("comments", Map.of("postId", post, "body", "on note " + i));
        tx.insert("postTags", Map.of("postId", post, "tagId", sql));
      }
      tx.insert("posts", Map.of("authorId", bob, "title", "Tapes", "published", true,
          "publishedAt", 4.0));
      return null;
    });

    // "Loading relations"
    List<User> users = orm.query(User.class)
        .with("posts", posts -> posts
            .where(eq("published", true))
            .orderBy(Sort.desc("publishedAt"))
            .limit(5)
            .with("comments", comments -> comments.limit(3))
            .with("tags", tags -> tags.limit(10)))
        .with("profile")
        .limit(20)
        .findMany();
    User ada = users.stream().filter(u -> u.name().equals("ada")).findFirst().orElseThrow();
    assertThat(ada.posts()).extracting(Post::title).containsExactly("Note 3", "Note 1");
    assertThat(ada.posts().get(0).comments()).extracting(Comment::body)
        .containsExactly("on note 3");
    assertThat(ada.posts().get(0).tags()).extracting(Tag::name).containsExactly("sql");
    assertThat(ada.profile().bio()).isEqualTo("engines");
    assertThat(users.stream().filter(u -> u.name().equals("bob")).findFirst().orElseThrow()
        .profile()).isNull();

    // "Row types": Rows
    List<Row> rows = orm.query("users").rows()
        .with("posts", p -> p.orderBy(Sort.desc("publishedAt")).limit(2))
        .where(eq("name", "ada"))
        .limit(1)
        .findMany();
    Row row = rows.get(0);
    assertThat(row.get("name")).isEqualTo("ada");
    assertThat(row.many("posts")).extracting(p -> p.get("title"))
        .containsExactly("Note 3", "Note 2");

    // "Row types": maps
    List<Map<String, Object>> maps = orm.query("users").columns("name")
        .with("posts", p -> p.columns("title").orderBy(Sort.desc("publishedAt")).limit(2))
        .where(eq("name", "ada"))
        .limit(1)
        .findMany();
    assertThat(maps).hasToString("[{name=ada, posts=[{title=Note 3}, {title=Note 2}]}]");

    // "How relations are read": explainRelations()
    String plan = orm.query(User.class)
        .with("posts", posts -> posts
            .where(eq("published", true))
            .orderBy(Sort.desc("publishedAt"))
            .limit(5)
            .with("comments")
            .with("tags", tags -> tags.orderBy(Sort.asc("name")).limit(10)))
        .with("profile")
        .limit(20)
        .explainRelations()
        .toString();
    assertThat(plan).isEqualTo("""
        users.posts (many): posts.by_author_published [authorId == _id], where eq(published, \
        true), order [publishedAt desc] read from the index desc, per parent: limit 5, max keys \
        1000
          users.posts.comments (many): comments.by_post [postId == _id], order index order read \
        from the index desc, per parent: limit 20, max keys 1000
          users.posts.tags (many-to-many): postTags.by_post [postId == _id], then tags.by_id \
        [_id == tagId], order [name asc] sorted after reading, per parent: limit 10, max keys 1000
        users.profile (one): profiles.by_user [userId == _id], max keys 1000""");

    // "Guardrails"
    assertThatThrownBy(() -> orm.query(User.class).with("posts").limit(20).findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("Relation \"users.posts\" (users.posts) is a many relation with no bound per "
            + "parent: give it a limit(n), declare a default limit on table \"posts\" "
            + "(@Table(defaultLimit = ...) or defaultLimit(n) in the schema builder), or call "
            + "allowFullScan() on it");
    assertThatThrownBy(() -> orm.query(Post.class).with("author").relationMaxKeys(1).limit(20)
        .findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("Relation \"posts.author\" (posts.author) has 2 distinct lookup keys, more "
            + "than relationMaxKeys (1). Raise the cap for this relation with maxKeys(n) in its "
            + "with(...), for the query with relationMaxKeys(n), or for the ORM with "
            + "OrmSettings.withRelationMaxKeys(n) (property better-convex.orm.relations.max-keys)"
            + "; or read fewer parent rows");
    assertThatThrownBy(() -> orm.query(Post.class).with("likes", l -> l.limit(10)).limit(20)
        .findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("Relation \"posts.likes\" looks up table \"likes\" by [postId], but no index "
            + "of \"likes\" starts with those fields, so every lookup would read the whole table: "
            + "add index(\"by_postId\", \"postId\") or @Index(name = \"by_postId\", fields = "
            + "{\"postId\"})");

    // "Raising the caps"
    assertThat(orm.query(Post.class).with("author", a -> a.maxKeys(5000)).limit(20).findMany())
        .hasSize(4);
    assertThat(orm.query(Post.class).with("author").relationMaxKeys(5000).relationMaxDepth(12)
        .limit(20).findMany()).hasSize(4);
    ConvexOrm roomy = new ConvexOrm(engine, OrmSettings.DEFAULTS
        .withRelationMaxKeys(5000)
        .withRelationMaxDepth(12));
    assertThat(roomy.query(Post.class).with("author").limit(20).findMany())
        .allSatisfy(p -> assertThat(p.author()).isNotNull());
  }
}
