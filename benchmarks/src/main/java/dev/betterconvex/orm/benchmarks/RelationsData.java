package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The data of {@link RelationsBenchmarks}: {@value #USERS} users with {@value #POSTS_PER_USER}
 * posts each, stored twice in one database: as engine documents (tables {@code users} and
 * {@code posts}) and as plain SQL tables ({@code rel_users}, {@code rel_posts}, indexed on
 * {@code user_id}) for the JDBC and Spring Data JDBC peers.
 */
final class RelationsData {

  static final int USERS = 200;
  static final int POSTS_PER_USER = 10;

  @Table(name = "users")
  record BenchUser(@Id String id, @NotNull String name, @Many List<BenchPost> posts) {
  }

  @Table(name = "posts")
  @Index(name = "by_author", fields = "authorId")
  record BenchPost(@Id String id, @NotNull @References(table = "users") String authorId,
      @NotNull String title, long score) {
  }

  static final Schema SCHEMA = Schema.fromEntities(BenchUser.class, BenchPost.class);

  private RelationsData() {
  }

  /** Stores the users and posts as documents and as plain rows. */
  static void seed(ConvexEngine engine, DataSource dataSource) throws SQLException {
    engine.mutation(tx -> {
      for (int u = 0; u < USERS; u++) {
        String user = tx.insert("users", Map.of("name", "user" + u));
        for (int p = 0; p < POSTS_PER_USER; p++) {
          tx.insert("posts", Map.of("authorId", user, "title", title(u, p), "score", (long) p));
        }
      }
      return null;
    });
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS rel_posts");
        s.execute("DROP TABLE IF EXISTS rel_users");
        s.execute("CREATE TABLE rel_users (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        s.execute("CREATE TABLE rel_posts (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL "
            + "REFERENCES rel_users (id), title VARCHAR(200) NOT NULL, score BIGINT NOT NULL)");
        s.execute("CREATE INDEX rel_posts_by_user ON rel_posts (user_id, id)");
      }
      try (PreparedStatement users = c.prepareStatement(
              "INSERT INTO rel_users (id, name) VALUES (?, ?)");
          PreparedStatement posts = c.prepareStatement(
              "INSERT INTO rel_posts (id, user_id, title, score) VALUES (?, ?, ?, ?)")) {
        long postId = 0;
        for (int u = 0; u < USERS; u++) {
          users.setLong(1, u + 1);
          users.setString(2, "user" + u);
          users.addBatch();
          for (int p = 0; p < POSTS_PER_USER; p++) {
            posts.setLong(1, ++postId);
            posts.setLong(2, u + 1);
            posts.setString(3, title(u, p));
            posts.setLong(4, p);
            posts.addBatch();
          }
        }
        users.executeBatch();
        posts.executeBatch();
      }
      try (Statement s = c.createStatement()) {
        if (c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
          s.execute("ANALYZE");
        }
      }
      c.commit();
    }
  }

  private static String title(int user, int post) {
    return "post " + user + "." + post;
  }
}
