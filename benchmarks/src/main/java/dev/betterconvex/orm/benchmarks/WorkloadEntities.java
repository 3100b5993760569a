package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import java.util.List;

/**
 * The engine's side of {@link WorkloadBenchmarks}: users, their posts (indexed by author and by
 * type; {@code _creationTime} orders both and the built-in {@code by_creation_time}), and
 * {@code newPosts}, the same shape with the same indexes and foreign key, which only the insert
 * workload writes so that the reads always see the same rows.
 */
final class WorkloadEntities {

  static final String USERS = "users";
  static final String POSTS = "posts";
  static final String NEW_POSTS = "newPosts";
  static final String BY_AUTHOR = "by_author";
  static final String BY_TYPE = "by_type";

  /** A user, with the posts {@code with("posts")} loads. */
  @Table(name = USERS)
  record OrmUser(@Id String id, @NotNull String name, @Many List<OrmPost> posts)
      implements UserView {
  }

  /** A post of the read workloads. */
  @Table(name = POSTS)
  @Index(name = BY_AUTHOR, fields = "authorId")
  @Index(name = BY_TYPE, fields = "type")
  record OrmPost(@Id String id, @CreationTime double createdAt,
      @NotNull @References(table = USERS) String authorId, @NotNull String type,
      @NotNull String title, @NotNull String body) implements PostView {
  }

  /** A post written by the insert workload. */
  @Table(name = NEW_POSTS)
  @Index(name = BY_AUTHOR, fields = "authorId")
  @Index(name = BY_TYPE, fields = "type")
  record OrmNewPost(@Id String id, @CreationTime double createdAt,
      @NotNull @References(table = USERS) String authorId, @NotNull String type,
      @NotNull String title, @NotNull String body) {
  }

  static final Schema SCHEMA = Schema.fromEntities(OrmUser.class, OrmPost.class,
      OrmNewPost.class);

  private WorkloadEntities() {
  }
}
