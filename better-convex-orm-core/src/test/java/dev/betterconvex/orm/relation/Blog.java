package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.ManyToMany;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A small blog declared with annotated entities, seeded the same way for every relation test:
 * users (ada, bob, cy, and ghost, deleted), a profile for ada, posts p1 to p7, comments, tags
 * through a junction table, and likes, whose postId has no index.
 */
final class Blog {

  @Table(name = "users", defaultLimit = 100)
  record User(@Id String id, @CreationTime double createdAt, @NotNull String name,
      @Many List<Post> posts,
      @One(fields = "_id", references = "userId") @Nullable Profile profile) {
  }

  @Table(name = "profiles")
  @Index(name = "by_user", fields = "userId")
  record Profile(@Id String id, @References(table = "users") String userId, String bio) {
  }

  @Table(name = "posts")
  @Index(name = "by_author_score", fields = {"authorId", "score"})
  static final class Post {
    @Id String id;
    @CreationTime double createdAt;
    @References(table = "users") @Nullable String authorId;
    @NotNull String title;
    boolean published;
    long score;
    @One @Nullable User author;
    @Many List<Comment> comments;
    @ManyToMany(through = "postTags", sourceFields = "postId", targetFields = "tagId")
    Set<Tag> tags;
    @Many List<Like> likes;

    Post() {
    }
  }

  @Table(name = "comments")
  @Index(name = "by_post", fields = "postId")
  record Comment(@Id String id, @CreationTime double createdAt,
      @References(table = "posts") String postId, @References(table = "users") String authorId,
      String body, @One(fields = "authorId") @Nullable User author) {
  }

  @Table(name = "tags", defaultLimit = 2)
  @Index(name = "by_name", fields = "name")
  record Tag(@Id String id, @NotNull String name,
      @ManyToMany(through = "postTags", sourceFields = "tagId", targetFields = "postId")
      List<Post> posts) {
  }

  @Table(name = "postTags")
  @Index(name = "by_post", fields = "postId")
  @Index(name = "by_tag", fields = "tagId")
  record PostTag(@Id String id, @References(table = "posts") String postId,
      @References(table = "tags") String tagId) {
  }

  @Table(name = "likes")
  record Like(@Id String id, @References(table = "posts") String postId) {
  }

  static final Schema SCHEMA = Schema.fromEntities(User.class, Profile.class, Post.class,
      Comment.class, Tag.class, PostTag.class, Like.class);

  final ConvexEngine engine;
  final ConvexOrm orm;
  /** Ids by name: users by name, posts p1..p7, comments c1..c3, tags by name. */
  final Map<String, String> ids;

  private Blog(ConvexEngine engine, ConvexOrm orm, Map<String, String> ids) {
    this.engine = engine;
    this.orm = orm;
    this.ids = ids;
  }

  String id(String name) {
    String id = ids.get(name);
    if (id == null) {
      throw new IllegalArgumentException("No seeded row " + name);
    }
    return id;
  }

  /** Returns the ORM over the same engine with other settings. */
  ConvexOrm orm(OrmSettings settings) {
    return new ConvexOrm(engine, new EntityConverter(new ConvexMappingContext(SCHEMA)), settings);
  }

  static Blog seeded(DataSource dataSource) {
    ConvexEngine engine = ConvexEngine.builder(dataSource, SCHEMA).build();
    Map<String, String> ids = new HashMap<>();
    engine.mutation(tx -> {
      for (String name : List.of("ada", "bob", "cy", "ghost")) {
        ids.put(name, tx.insert("users", Map.of("name", name)));
      }
      tx.insert("profiles", Map.of("userId", ids.get("ada"), "bio", "engines"));
      post(tx, ids, "p1", "ada", "Notes", true, 1);
      post(tx, ids, "p2", "ada", "Draft", false, 5);
      post(tx, ids, "p3", "ada", "Bernoulli", true, 3);
      post(tx, ids, "p4", "ada", "Analytical", true, 4);
      post(tx, ids, "p5", "bob", "Tapes", true, 2);
      post(tx, ids, "p6", null, "Anonymous", true, 0);
      post(tx, ids, "p7", "ghost", "Haunted", true, 0);
      comment(tx, ids, "c1", "p1", "bob", "nice");
      comment(tx, ids, "c2", "p1", "cy", "agreed");
      comment(tx, ids, "c3", "p3", "ada", "thanks");
      for (String tag : List.of("java", "sql", "h2")) {
        ids.put(tag, tx.insert("tags", Map.of("name", tag)));
      }
      link(tx, ids, "p1", "java");
      link(tx, ids, "p1", "sql");
      link(tx, ids, "p3", "sql");
      link(tx, ids, "p5", "h2");
      link(tx, ids, "p5", "java");
      tx.delete(ids.get("ghost"));
      return null;
    });
    return new Blog(engine, new ConvexOrm(engine), ids);
  }

  private static void post(DatabaseWriter tx, Map<String, String> ids, String name,
      @Nullable String author, String title, boolean published, long score) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (author != null) {
      fields.put("authorId", ids.get(author));
    }
    fields.put("title", title);
    fields.put("published", published);
    fields.put("score", score);
    ids.put(name, tx.insert("posts", fields));
  }

  private static void comment(DatabaseWriter tx, Map<String, String> ids, String name,
      String post, String author, String body) {
    ids.put(name, tx.insert("comments", Map.of("postId", ids.get(post), "authorId",
        ids.get(author), "body", body)));
  }

  private static void link(DatabaseWriter tx, Map<String, String> ids, String post, String tag) {
    tx.insert("postTags", Map.of("postId", ids.get(post), "tagId", ids.get(tag)));
  }
}
