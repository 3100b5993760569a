package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.benchmarks.PlainTables.POST_COLUMNS;
import static dev.betterconvex.orm.benchmarks.WorkloadData.LOADED_POSTS_PER_USER;
import static dev.betterconvex.orm.benchmarks.WorkloadData.NEW_POSTS_PER_TRANSACTION;
import static dev.betterconvex.orm.benchmarks.WorkloadData.PAGE_SIZE;
import static dev.betterconvex.orm.benchmarks.WorkloadData.QUERIED_TYPES;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Plain JDBC, the baseline: the minimal SQL for each workload on the plain tables, one
 * transaction per operation at the database's default isolation (read committed on H2 and
 * PostgreSQL), read-only for reads, on a connection of the pool; one small record per row.
 */
final class JdbcPeer implements Peer {

  record JdbcPost(long id, long authorId, String type, String title, String body,
      LocalDateTime createdAt) implements PostView {
  }

  record JdbcUser(long id, String name, List<JdbcPost> posts) implements UserView {
  }

  private static final String SELECT = "SELECT " + POST_COLUMNS + " FROM plain_posts ";
  private static final String NEWEST = " ORDER BY created_at DESC, id DESC LIMIT ?";

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final WorkloadData data;
  private final boolean postgres;

  JdbcPeer(DataSource dataSource, WorkloadData data) {
    this.dataSource = dataSource;
    this.data = data;
    try (Connection c = dataSource.getConnection()) {
      this.postgres = c.getMetaData().getDatabaseProductName().contains("PostgreSQL");
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not reach the database", ex);
    }
  }

  @Override
  public int insertPosts(long batch) {
    return inTransaction(false, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO plain_new_posts ("
          + POST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < NEW_POSTS_PER_TRANSACTION; i++) {
          NewPost post = NewPost.of(batch, i, data.size.users());
          ps.setLong(1, post.number() + 1);
          ps.setLong(2, post.author() + 1L);
          ps.setString(3, post.type());
          ps.setString(4, post.title());
          ps.setString(5, post.body());
          ps.setObject(6, now);
          ps.addBatch();
        }
        return ps.executeBatch().length;
      }
    });
  }

  @Override
  public JdbcPost getPost(int post) {
    return inTransaction(true, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE id = ?")) {
        ps.setLong(1, post + 1L);
        List<JdbcPost> posts = posts(ps);
        return posts.isEmpty() ? null : posts.get(0);
      }
    });
  }

  @Override
  public List<JdbcPost> latestPostsOf(int user) {
    return inTransaction(true, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE author_id = ?" + NEWEST)) {
        ps.setLong(1, user + 1L);
        ps.setInt(2, PAGE_SIZE);
        return posts(ps);
      }
    });
  }

  /**
   * The users, then their posts in one query, keeping the first 10 of each user while reading:
   * on PostgreSQL only those 10 ({@code ROW_NUMBER() OVER (PARTITION BY author_id ...) <= 10}),
   * on H2, where that window function costs about 300 ms here, all of them in index order.
   */
  @Override
  public List<JdbcUser> usersWithLatestPosts() {
    return inTransaction(true, c -> {
      List<JdbcUser> users = new ArrayList<>();
      Map<Long, List<JdbcPost>> byId = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name FROM plain_users ORDER BY id LIMIT ?")) {
        ps.setInt(1, data.size.loadedUsers());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            JdbcUser user = new JdbcUser(rs.getLong(1), rs.getString(2), new ArrayList<>());
            users.add(user);
            byId.put(user.id(), user.posts());
          }
        }
      }
      StringBuilder in = new StringBuilder();
      for (int i = 0; i < users.size(); i++) {
        in.append(i == 0 ? "?" : ", ?");
      }
      String sql = postgres
          ? "SELECT " + POST_COLUMNS + " FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY "
              + "author_id ORDER BY created_at DESC, id DESC) AS n FROM plain_posts p "
              + "WHERE author_id IN (" + in + ")) latest WHERE n <= " + LOADED_POSTS_PER_USER
              + " ORDER BY author_id, created_at DESC, id DESC"
          : SELECT + "WHERE author_id IN (" + in + ") ORDER BY author_id, created_at DESC, id DESC";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < users.size(); i++) {
          ps.setLong(i + 1, users.get(i).id());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            List<JdbcPost> posts = byId.get(rs.getLong(2));
            if (posts.size() < LOADED_POSTS_PER_USER) {
              posts.add(post(rs));
            }
          }
        }
      }
      return users;
    });
  }

  @Override
  public List<JdbcPost> firstPage() {
    return inTransaction(true, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + NEWEST)) {
        ps.setInt(1, PAGE_SIZE);
        return posts(ps);
      }
    });
  }

  /** Keyset pagination: {@code WHERE (created_at, id) < (?, ?)} from the last row before. */
  @Override
  public List<JdbcPost> pageByCursor() {
    return inTransaction(true, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          SELECT + "WHERE (created_at, id) < (?, ?)" + NEWEST)) {
        ps.setObject(1, data.keysetCreatedAt);
        ps.setLong(2, data.keysetId);
        ps.setInt(3, PAGE_SIZE);
        return posts(ps);
      }
    });
  }

  @Override
  public List<JdbcPost> pageByOffset() {
    return inTransaction(true, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + NEWEST + " OFFSET ?")) {
        ps.setInt(1, PAGE_SIZE);
        ps.setInt(2, data.size.pageOffset());
        return posts(ps);
      }
    });
  }

  @Override
  public List<JdbcPost> newestOfTwoTypes() {
    return inTransaction(true, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE type IN (?, ?)" + NEWEST)) {
        ps.setString(1, QUERIED_TYPES.get(0));
        ps.setString(2, QUERIED_TYPES.get(1));
        ps.setInt(3, PAGE_SIZE);
        return posts(ps);
      }
    });
  }

  private static List<JdbcPost> posts(PreparedStatement ps) throws SQLException {
    List<JdbcPost> posts = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        posts.add(post(rs));
      }
    }
    return posts;
  }

  private static JdbcPost post(ResultSet rs) throws SQLException {
    return new JdbcPost(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getObject(6, LocalDateTime.class));
  }

  /**
   * Runs {@code work} in one transaction and commits. The pool rolls back a connection returned
   * uncommitted and resets its auto-commit and read-only flags.
   */
  private <T> T inTransaction(boolean readOnly, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      if (readOnly) {
        c.setReadOnly(true);
      }
      T result = work.run(c);
      c.commit();
      return result;
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Plain JDBC failed", ex);
    }
  }
}
