package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.benchmarks.JdbcRelationsPeer.JdbcUser;
import dev.betterconvex.orm.benchmarks.RelationsData.BenchUser;
import dev.betterconvex.orm.benchmarks.SpringDataJdbcRelationsPeer.SdjUser;
import dev.betterconvex.orm.relation.Row;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 200 users loaded with their 10 posts each, one load per transaction: the ORM's batched
 * {@code with} (as {@code Row}s and as entities), plain JDBC with one query per user, plain JDBC
 * with one {@code IN} query for all posts, and a Spring Data JDBC aggregate. Run with
 * {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main RelationsBenchmarks}; see
 * docs/relations.md for the figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RelationsBenchmarks {

  /** {@code orm.query("users").rows().with("posts", p -> p.limit(10)).limit(200)}. */
  @Benchmark
  public List<Row> ormWithRows(RelationsState state) {
    return rows(state);
  }

  /** The same load into {@code BenchUser} records holding their {@code BenchPost}s. */
  @Benchmark
  public List<BenchUser> ormWithEntities(RelationsState state) {
    return entities(state);
  }

  /** Plain JDBC: the users, then one query per user for its posts (201 statements). */
  @Benchmark
  public List<JdbcUser> jdbcQueryPerParent(RelationsState state) {
    return queryPerParent(state);
  }

  /** Plain JDBC: the users, then all their posts in one {@code IN} query (2 statements). */
  @Benchmark
  public List<JdbcUser> jdbcOneQuery(RelationsState state) {
    return oneQuery(state);
  }

  /** Spring Data JDBC: {@code findAll} of the user aggregate, posts as a mapped collection. */
  @Benchmark
  public List<SdjUser> springDataJdbcAggregate(RelationsState state) {
    return state.springData.findAll();
  }

  static List<Row> rows(RelationsState state) {
    return state.orm.query("users").rows()
        .with("posts", p -> p.limit(RelationsData.POSTS_PER_USER))
        .limit(RelationsData.USERS)
        .findMany();
  }

  static List<BenchUser> entities(RelationsState state) {
    return state.orm.query(BenchUser.class)
        .with("posts", p -> p.limit(RelationsData.POSTS_PER_USER))
        .limit(RelationsData.USERS)
        .findMany();
  }

  static List<JdbcUser> queryPerParent(RelationsState state) {
    try {
      return state.jdbc.queryPerParent(RelationsData.USERS, RelationsData.POSTS_PER_USER);
    }
    catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static List<JdbcUser> oneQuery(RelationsState state) {
    try {
      return state.jdbc.oneQuery(RelationsData.USERS);
    }
    catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
