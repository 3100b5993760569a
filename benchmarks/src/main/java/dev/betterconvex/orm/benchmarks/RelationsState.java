package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.store.ConvexEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.ToIntFunction;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * One database per trial, seeded by {@link RelationsData}, with the ORM and its peers on one
 * shared connection (the benchmarks are single-threaded). H2 runs in memory; PostgreSQL needs a
 * server: pass its URL with {@code -jvmArgsAppend -Dbetterconvex.bench.postgres.url=jdbc:
 * postgresql://host:port/db?user=...}; each trial works in a fresh schema of its own.
 */
@State(Scope.Benchmark)
public class RelationsState {

  /** The database: {@code H2} or {@code PostgreSQL}. */
  @Param({"H2", "PostgreSQL"})
  public String database;

  SingleConnectionDataSource dataSource;
  ConvexEngine engine;
  ConvexOrm orm;
  JdbcRelationsPeer jdbc;
  SpringDataJdbcRelationsPeer springData;
  private String schema;
  private String postgresUrl;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    dataSource = open();
    engine = ConvexEngine.builder(dataSource, RelationsData.SCHEMA).build();
    RelationsData.seed(engine, dataSource);
    orm = new ConvexOrm(engine);
    jdbc = new JdbcRelationsPeer(dataSource);
    springData = new SpringDataJdbcRelationsPeer(dataSource);
    check("ORM rows", RelationsBenchmarks.rows(this), u -> u.many("posts").size());
    check("ORM entities", RelationsBenchmarks.entities(this), u -> u.posts().size());
    check("JDBC per parent", RelationsBenchmarks.queryPerParent(this),
        u -> u.posts().size());
    check("JDBC one query", RelationsBenchmarks.oneQuery(this), u -> u.posts().size());
    check("Spring Data JDBC", springData.findAll(),
        u -> u.posts().size());
  }

  private static <T> void check(String peer, List<T> users, ToIntFunction<T> posts) {
    int total = users.stream().mapToInt(posts).sum();
    if (users.size() != RelationsData.USERS
        || total != RelationsData.USERS * RelationsData.POSTS_PER_USER) {
      throw new IllegalStateException(peer + " read " + users.size() + " users and " + total
          + " posts");
    }
  }

  private SingleConnectionDataSource open() throws SQLException {
    if ("H2".equals(database)) {
      return new SingleConnectionDataSource("jdbc:h2:mem:relations_" + System.nanoTime()
          + ";DB_CLOSE_DELAY=-1", "sa", "", true);
    }
    if (!"PostgreSQL".equals(database)) {
      throw new IllegalArgumentException("Unknown database " + database
          + ": expected H2 or PostgreSQL");
    }
    postgresUrl = System.getProperty("betterconvex.bench.postgres.url");
    if (postgresUrl == null) {
      throw new IllegalStateException("The PostgreSQL benchmarks need a server: pass "
          + "-jvmArgsAppend -Dbetterconvex.bench.postgres.url=jdbc:postgresql://host:port/db"
          + "?user=..., or run -p database=H2");
    }
    schema = "relations_" + System.nanoTime();
    try (SingleConnectionDataSource admin = new SingleConnectionDataSource(postgresUrl, false);
        Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return new SingleConnectionDataSource(postgresUrl + (postgresUrl.contains("?") ? "&" : "?")
        + "currentSchema=" + schema, true);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    springData.close();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (schema != null) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
      else {
        s.execute("SHUTDOWN");
      }
    }
    finally {
      dataSource.destroy();
    }
  }
}
