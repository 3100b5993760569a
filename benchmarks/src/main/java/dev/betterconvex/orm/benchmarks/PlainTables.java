package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.store.Document;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The plain relational tables the SQL peers of {@link WorkloadBenchmarks} read and write, with
 * the indexes of the engine's tables: {@code plain_posts} and {@code plain_new_posts} each have a
 * primary key, a foreign key to {@code plain_users}, and indexes on {@code (created_at, id)}
 * (the engine's {@code by_creation_time}), {@code (author_id, created_at, id)} ({@code by_author})
 * and {@code (type, created_at, id)} ({@code by_type}).
 */
final class PlainTables {

  static final String POST_COLUMNS = "id, author_id, type, title, body, created_at";

  private PlainTables() {
  }

  static void create(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE plain_users (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
      for (String table : List.of("plain_posts", "plain_new_posts")) {
        s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, "
            + "author_id BIGINT NOT NULL REFERENCES plain_users (id), type VARCHAR(20) NOT NULL, "
            + "title VARCHAR(200) NOT NULL, body VARCHAR(1000) NOT NULL, "
            + "created_at TIMESTAMP NOT NULL)");
        s.execute("CREATE INDEX " + table + "_by_creation_time ON " + table + " (created_at, id)");
        s.execute("CREATE INDEX " + table + "_by_author ON " + table
            + " (author_id, created_at, id)");
        s.execute("CREATE INDEX " + table + "_by_type ON " + table + " (type, created_at, id)");
      }
    }
  }

  /** Copies the users and the engine's posts (in creation order) into the plain tables. */
  static void seed(DataSource dataSource, int users, List<Document> posts,
      Map<String, Long> plainUserIds) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO plain_users (id, name) VALUES (?, ?)")) {
        for (int u = 0; u < users; u++) {
          ps.setLong(1, u + 1L);
          ps.setString(2, WorkloadData.userName(u));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO plain_posts (" + POST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int k = 0; k < posts.size(); k++) {
          Document post = posts.get(k);
          ps.setLong(1, k + 1L);
          ps.setLong(2, plainUserIds.get((String) post.getJava("authorId")));
          ps.setString(3, (String) post.getJava("type"));
          ps.setString(4, (String) post.getJava("title"));
          ps.setString(5, (String) post.getJava("body"));
          ps.setObject(6, WorkloadData.timestamp(post.creationTime()));
          ps.addBatch();
          if (k % 1_000 == 999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      // Fresh statistics for both layouts, so no plan depends on when the database analyses;
      // on PostgreSQL also the visibility map, as autovacuum leaves it after a bulk insert, so
      // that no run depends on whether autovacuum has come by (index-only scans need it). The
      // checkpoint flushes the asynchronous commits first: VACUUM marks a page all-visible only
      // once the commits of its rows are on disk.
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
          s.execute("CHECKPOINT");
          s.execute("VACUUM ANALYZE");
        }
        else {
          s.execute("ANALYZE");
        }
      }
    }
  }

  /** Empties {@code plain_new_posts}, which the insert workload fills. */
  static void clearNewPosts(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE TABLE plain_new_posts");
    }
  }
}
