package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.enumOf;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.FieldType.vector;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Default;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.ManyToMany;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.SearchIndex;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.schema.annotation.Vector;
import dev.betterconvex.orm.schema.annotation.VectorIndex;
import java.util.List;

/** One blog schema declared twice: as annotated entities (records and a class) and with the builder. */
final class BlogEntities {

  private BlogEntities() {
  }

  enum Status { DRAFT, PUBLISHED }

  @Table(name = "users", defaultLimit = 100)
  @Index(name = "by_name", fields = "name")
  @Index(name = "by_email", fields = "email")
  record User(
      @Id String id,
      @CreationTime double createdAt,
      @Unique @NotNull String email,
      String name,
      @Many List<Post> posts) {
  }

  @Table(name = "posts")
  @Index(name = "by_author", fields = {"authorId", "title"})
  @SearchIndex(name = "search_body", searchField = "body", filterFields = "authorId")
  @VectorIndex(name = "by_embedding", vectorField = "embedding", filterFields = "authorId")
  static class Post {
    static int instances;

    @Id String id;
    @CreationTime Double creationTime;
    @NotNull @References(table = "users", onDelete = ReferentialAction.CASCADE) String authorId;
    @NotNull String title;
    String body;
    @Default("0") long views;
    @Vector(3) List<Double> embedding;
    @Field(name = "state") @Default("DRAFT") Status status;
    @One User author;
    @ManyToMany(through = "postTags", sourceFields = "postId", targetFields = "tagId")
    List<Tag> tags;
    transient String renderedBody;
  }

  @Table(name = "tags")
  record Tag(@Id String id, @NotNull String label) {
  }

  @Table(name = "postTags")
  @Index(name = "by_post", fields = "postId")
  record PostTag(
      @NotNull @References(table = "posts") String postId,
      @NotNull @References(table = "tags") String tagId) {
  }

  static Schema annotated() {
    return Schema.fromEntities(User.class, Post.class, Tag.class, PostTag.class);
  }

  static Schema built() {
    return Schema.builder()
        .table("users", t -> {
          t.field("email", string()).notNull().unique();
          t.field("name", string());
          t.index("by_name", "name");
          t.index("by_email", "email");
          t.many("posts", "posts");
          t.defaultLimit(100);
        })
        .table("posts", t -> {
          t.field("authorId", id("users")).notNull()
              .references("users", ReferentialAction.CASCADE);
          t.field("title", string()).notNull();
          t.field("body", string());
          t.field("views", int64()).notNull().defaultValue(0L);
          t.field("embedding", vector(3));
          t.field("state", enumOf("DRAFT", "PUBLISHED")).defaultValue(Status.DRAFT);
          t.index("by_author", "authorId", "title");
          t.searchIndex("search_body", "body", "authorId");
          t.vectorIndex("by_embedding", "embedding", 3, "authorId");
          t.one("author", "users");
          t.manyToMany("tags", "tags").through("postTags", "postId", "tagId");
        })
        .table("tags", t -> t.field("label", string()).notNull())
        .table("postTags", t -> {
          t.field("postId", id("posts")).notNull().references("posts");
          t.field("tagId", id("tags")).notNull().references("tags");
          t.index("by_post", "postId");
        })
        .build();
  }
}
