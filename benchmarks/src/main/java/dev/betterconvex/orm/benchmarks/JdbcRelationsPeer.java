package dev.betterconvex.orm.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The plain JDBC peers of {@link RelationsBenchmarks}, each in one read-only transaction: users
 * then one query per user for its posts (the N+1 an ORM without batching runs), and users then
 * all their posts in one {@code IN} query (the hand-written best case).
 */
final class JdbcRelationsPeer {

  record JdbcPost(long id, String title, long score) {
  }

  record JdbcUser(long id, String name, List<JdbcPost> posts) {
  }

  private final DataSource dataSource;

  JdbcRelationsPeer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Users, then {@code SELECT ... WHERE user_id = ? ORDER BY id DESC LIMIT ?} per user. */
  List<JdbcUser> queryPerParent(int users, int postsPerUser) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      begin(c);
      List<JdbcUser> result = new ArrayList<>(users);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, title, score FROM rel_posts WHERE user_id = ? ORDER BY id DESC LIMIT ?")) {
        for (long[] user : users(c, users, result)) {
          ps.setLong(1, user[0]);
          ps.setInt(2, postsPerUser);
          List<JdbcPost> posts = result.get((int) user[1]).posts();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              posts.add(new JdbcPost(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
          }
        }
      }
      end(c);
      return result;
    }
  }

  /** Users, then {@code SELECT ... WHERE user_id IN (?, ?, ...)} for all of them at once. */
  List<JdbcUser> oneQuery(int users) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      begin(c);
      List<JdbcUser> result = new ArrayList<>(users);
      List<long[]> keys = users(c, users, result);
      Map<Long, List<JdbcPost>> byUser = new LinkedHashMap<>();
      StringBuilder sql = new StringBuilder(
          "SELECT user_id, id, title, score FROM rel_posts WHERE user_id IN (");
      for (int i = 0; i < keys.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        byUser.put(keys.get(i)[0], result.get(i).posts());
      }
      sql.append(") ORDER BY user_id, id DESC");
      if (!keys.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          for (int i = 0; i < keys.size(); i++) {
            ps.setLong(i + 1, keys.get(i)[0]);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              byUser.get(rs.getLong(1)).add(new JdbcPost(rs.getLong(2), rs.getString(3),
                  rs.getLong(4)));
            }
          }
        }
      }
      end(c);
      return result;
    }
  }

  private static void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
    c.setReadOnly(true);
  }

  /** Commits and leaves the connection as it was found (the benchmarks may share one). */
  private static void end(Connection c) throws SQLException {
    c.commit();
    c.setReadOnly(false);
    c.setAutoCommit(true);
  }

  /** Reads the users into {@code result}; returns each one's id and position. */
  private static List<long[]> users(Connection c, int users, List<JdbcUser> result)
      throws SQLException {
    List<long[]> keys = new ArrayList<>(users);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, name FROM rel_users ORDER BY id LIMIT ?")) {
      ps.setInt(1, users);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(new long[] {rs.getLong(1), result.size()});
          result.add(new JdbcUser(rs.getLong(1), rs.getString(2), new ArrayList<>()));
        }
      }
    }
    return keys;
  }
}
