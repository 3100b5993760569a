package dev.betterconvex.orm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.store.ConvexEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every workload of {@link WorkloadBenchmarks} once for every peer, on H2 and on
 * PostgreSQL, on a smaller copy of the data (25 users, 600 posts), and checks that all peers
 * read the same rows in the same order, and the rows the workload asks for. Measures nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadBenchmarksTests {

  private static final WorkloadData.Size SIZE = new WorkloadData.Size(25, 600);
  private static final List<Workload> READS = List.of(Workload.getById, Workload.latestOfAuthor,
      Workload.usersWithPosts, Workload.firstPage, Workload.pageByCursor, Workload.pageByOffset,
      Workload.typeIn);

  @AfterAll
  void closeDatabases() {
    WorkloadFixture.close("H2");
    WorkloadFixture.close("PostgreSQL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void everyPeerReadsTheSameRowsInTheSameOrder(String database) {
    WorkloadFixture fixture = WorkloadFixture.open(database, SIZE);
    for (Workload workload : READS) {
      List<String> expected = Results.rows(run(workload, Peer.Kind.jdbc, fixture));
      assertThat(expected).as(workload.name()).isNotEmpty();
      for (Peer.Kind kind : Peer.Kind.values()) {
        assertThat(Results.rows(run(workload, kind, fixture)))
            .as("%s of %s on %s", workload, kind, database).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void theWorkloadsReadTheRowsTheyNameNewestFirst(String database) {
    WorkloadFixture fixture = WorkloadFixture.open(database, SIZE);
    Peer jdbc = fixture.peer(Peer.Kind.jdbc);
    int posts = SIZE.posts();
    assertThat(Results.titles(jdbc.getPost(7))).containsExactly("post 7");
    assertThat(Results.titles(jdbc.latestPostsOf(3))).hasSize(WorkloadData.PAGE_SIZE)
        .isEqualTo(IntStream.range(0, WorkloadData.PAGE_SIZE)
            .mapToObj(i -> "post " + (posts - SIZE.users() + 3 - i * SIZE.users())).toList());
    assertThat(Results.titles(jdbc.firstPage())).isEqualTo(newest(0));
    assertThat(Results.titles(jdbc.pageByOffset())).isEqualTo(newest(SIZE.pageOffset()));
    assertThat(Results.titles(jdbc.pageByCursor())).isEqualTo(newest(SIZE.pageOffset()));
    assertThat(Results.titles(jdbc.newestOfTwoTypes())).hasSize(WorkloadData.PAGE_SIZE)
        .allSatisfy(title -> assertThat(WorkloadData.type(number(title)))
            .isIn(WorkloadData.QUERIED_TYPES))
        .isSortedAccordingTo((a, b) -> Long.compare(number(b), number(a)))
        .startsWith("post " + (posts - 2), "post " + (posts - 3));
    List<String> users = Results.rows(jdbc.usersWithLatestPosts());
    assertThat(users).hasSize(SIZE.loadedUsers());
    assertThat(users.get(1)).startsWith("user 1: [post " + (posts - SIZE.users() + 1) + " | ");
    assertThat(((List<?>) jdbc.usersWithLatestPosts()).stream()
        .map(u -> ((UserView) u).posts().size())).containsOnly(WorkloadData.LOADED_POSTS_PER_USER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void everyPeerInsertsItsHundredPosts(String database) throws SQLException {
    WorkloadFixture fixture = WorkloadFixture.open(database, SIZE);
    fixture.clearPlainNewPosts();
    long engineBefore = engineNewPosts(fixture);
    for (Peer.Kind kind : Peer.Kind.values()) {
      assertThat(run(Workload.insert, kind, fixture)).as(kind.name())
          .isEqualTo(WorkloadData.NEW_POSTS_PER_TRANSACTION);
    }
    List<String> titles = new ArrayList<>();
    try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT title FROM plain_new_posts")) {
      while (rs.next()) {
        titles.add(rs.getString(1));
      }
    }
    assertThat(titles).hasSize(3 * WorkloadData.NEW_POSTS_PER_TRANSACTION).doesNotHaveDuplicates()
        .allSatisfy(title -> assertThat(title).startsWith("new "));
    assertThat(engineNewPosts(fixture) - engineBefore)
        .isEqualTo(2L * WorkloadData.NEW_POSTS_PER_TRANSACTION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void theCountersCountStatementsAndRoundTrips(String database) {
    WorkloadFixture fixture = WorkloadFixture.open(database, SIZE);
    OperationCount jdbcGet = OperationCount.of(fixture, Workload.getById, Peer.Kind.jdbc, 3);
    assertThat(jdbcGet.statements()).isEqualTo(1);
    assertThat(jdbcGet.commits()).isEqualTo(1);
    // PostgreSQL: BEGIN with the SELECT, then COMMIT. H2 runs in this JVM.
    assertThat(jdbcGet.roundTrips()).isEqualTo("PostgreSQL".equals(database) ? Double.valueOf(2) : null);
    OperationCount jdbcInsert = OperationCount.of(fixture, Workload.insert, Peer.Kind.jdbc, 1);
    assertThat(jdbcInsert.statements()).isEqualTo(1);
    OperationCount engineGet = OperationCount.of(fixture, Workload.getById, Peer.Kind.engine, 3);
    assertThat(engineGet.statements()).isGreaterThanOrEqualTo(1);
    assertThat(engineGet.commits()).isEqualTo(1);
    // Single query loading on PostgreSQL; H2's dialect has none, so one query per user there.
    OperationCount sdjUsers = OperationCount.of(fixture, Workload.usersWithPosts,
        Peer.Kind.springDataJdbc, 1);
    assertThat(sdjUsers.statements())
        .isEqualTo("PostgreSQL".equals(database) ? 1 : 1 + SIZE.loadedUsers());
    assertThat(sdjUsers.commits()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void theEngineAndTheOrmPageByOffsetInOneStatementAndInsertAtTheFloor(String database) {
    WorkloadFixture fixture = WorkloadFixture.open(database, SIZE);
    boolean postgres = "PostgreSQL".equals(database);
    for (Peer.Kind kind : List.of(Peer.Kind.engine, Peer.Kind.orm)) {
      OperationCount offset = OperationCount.of(fixture, Workload.pageByOffset, kind, 2);
      assertThat(offset.statements()).as("page by offset, %s", kind).isEqualTo(1);
      assertThat(offset.roundTrips()).as("page by offset, %s", kind)
          .isEqualTo(postgres ? Double.valueOf(2) : null);
    }
    // The engine's 100 inserts: one multi-row INSERT on PostgreSQL carrying the isolation
    // (then the commit), one JDBC batch on H2.
    OperationCount engineInsert = OperationCount.of(fixture, Workload.insert, Peer.Kind.engine,
        1);
    assertThat(engineInsert.statements()).isEqualTo(1);
    assertThat(engineInsert.roundTrips()).isEqualTo(postgres ? Double.valueOf(2) : null);
    // The ORM's: on PostgreSQL the INSERT checks the foreign key itself; on H2 one read of the
    // authors, then the batch.
    OperationCount ormInsert = OperationCount.of(fixture, Workload.insert, Peer.Kind.orm, 1);
    assertThat(ormInsert.statements()).isEqualTo(postgres ? 1 : 2);
    assertThat(ormInsert.roundTrips()).isEqualTo(postgres ? Double.valueOf(2) : null);
  }

  private static Object run(Workload workload, Peer.Kind kind, WorkloadFixture fixture) {
    return workload.run(fixture.peer(kind), fixture, new Random(42));
  }

  private static long engineNewPosts(WorkloadFixture fixture) {
    ConvexEngine engine = ConvexEngine.builder(fixture.dataSource(), WorkloadEntities.SCHEMA)
        .build();
    return new ConvexOrm(engine).query(WorkloadEntities.NEW_POSTS).allowFullScan().count();
  }

  /** The titles of the 20 posts after the {@code skip} newest. */
  private static List<String> newest(int skip) {
    return IntStream.range(0, WorkloadData.PAGE_SIZE)
        .mapToObj(i -> "post " + (SIZE.posts() - 1 - skip - i)).toList();
  }

  private static long number(String title) {
    return Long.parseLong(title.substring("post ".length()));
  }
}
