package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A query sees one snapshot, whatever commits while it runs. On PostgreSQL that is its
 * REPEATABLE READ transaction; on H2 queries run at READ COMMITTED, where each statement is one
 * snapshot (proved here on H2 itself) and the commit lock keeps every commit out of the query
 * ({@link SingleWriterLocks}; docs/architecture.md, "Transactions").
 */
class QuerySnapshotTests {

  /** The work {@link Hook#at} runs when the statement reaches the row it names. */
  private static volatile Runnable atRow = () -> { };
  private static volatile int hookedRow = -1;

  /** Called by H2 for every row of the statement, through {@code CREATE ALIAS}. */
  public static final class Hook {

    private Hook() {
    }

    /** Runs the test's work when the statement reaches row {@code id}; returns {@code id}. */
    public static int at(int id) {
      if (id == hookedRow) {
        atRow.run();
      }
      return id;
    }
  }

  /**
   * The H2 fact the design rests on: at READ COMMITTED one statement reads one snapshot. A
   * function called per row commits, from another connection, an update of every row after the
   * first has been read; the rest of the statement still reads the rows as they were.
   */
  @Test
  void oneH2StatementAtReadCommittedReadsOneSnapshotWhileAnotherSessionCommits()
      throws Exception {
    TestDatabase db = TestDatabases.create(TestDatabase.Kind.H2);
    try (Connection reader = db.dataSource().getConnection()) {
      try (Statement s = reader.createStatement()) {
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        s.execute("INSERT INTO t SELECT X, 0 FROM SYSTEM_RANGE(1, 1000)");
        s.execute("CREATE ALIAS BC_AT FOR '" + Hook.class.getName() + ".at'");
      }
      reader.setAutoCommit(false);
      reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      List<Integer> committed = new ArrayList<>();
      hookedRow = 1;
      atRow = () -> committed.add(commitOnOtherThread(db.dataSource(),
          "UPDATE t SET v = v + 1"));
      List<Integer> values = new ArrayList<>();
      try (PreparedStatement ps = reader.prepareStatement(
          "SELECT v, BC_AT(id) FROM t ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getInt(1));
        }
      }
      finally {
        hookedRow = -1;
      }
      assertThat(committed).as("rows the concurrent update committed").containsExactly(1000);
      assertThat(values).hasSize(1000).containsOnly(0);
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT MIN(v), MAX(v) FROM t")) {
        rs.next();
        assertThat(List.of(rs.getInt(1), rs.getInt(2))).as("the next statement")
            .containsExactly(1, 1);
      }
      reader.commit();
    }
    finally {
      TestDatabases.drop(db);
    }
  }

  private static int commitOnOtherThread(DataSource dataSource, String update) {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      return other.submit(() -> {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
          return s.executeUpdate(update);
        }
      }).get(30, TimeUnit.SECONDS);
    }
    catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
    finally {
      other.shutdownNow();
    }
  }

  /**
   * A mutation commits between two statements of a query: the later statements of the query do
   * not see it (on H2 the commit waits until the query ended), the next query does.
   */
  @DatabaseTest
  void aCommitBetweenTwoStatementsOfAQueryIsInvisibleToTheSecond(TestDatabase db)
      throws Exception {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), GroupedItems.SCHEMA).build();
    String a = engine.mutation(tx -> tx.insert("items", Map.of("g", 1, "n", 0)));
    String b = engine.mutation(tx -> tx.insert("items", Map.of("g", 2, "n", 0)));
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      List<Future<?>> write = new ArrayList<>();
      List<Object> seen = engine.query(tx -> {
        Object first = tx.get(a).orElseThrow().getJava("n");
        write.add(writer.submit(() -> engine.mutation(w -> {
          w.patch(a, Map.of("n", 1));
          w.patch(b, Map.of("n", 1));
          w.insert("items", Map.of("g", 2, "n", 5));
          return null;
        })));
        awaitCommittedOrHeld(engine, write.get(0));
        Object second = tx.get(b).orElseThrow().getJava("n");
        long group2 = tx.query("items").withIndex("by_g_n", r -> r.eq("g", 2)).collect().size();
        return List.of(first, second, group2);
      });
      write.get(0).get(30, TimeUnit.SECONDS);

      assertThat(seen).as("what the query read").containsExactly(0L, 0L, 1L);
      List<Object> after = engine.query(tx -> List.of(tx.get(a).orElseThrow().getJava("n"),
          tx.get(b).orElseThrow().getJava("n"),
          (long) tx.query("items").withIndex("by_g_n", r -> r.eq("g", 2)).collect().size()));
      assertThat(after).as("the next query").containsExactly(1L, 1L, 2L);
    }
    finally {
      writer.shutdownNow();
    }
  }

  /**
   * Queries and mutations on many threads: a mutation moves one unit between two counters, so
   * every query must read a total of 0 across its two statements.
   */
  @DatabaseTest
  void concurrentQueriesAlwaysReadATransferWhole(TestDatabase db) throws Exception {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), GroupedItems.SCHEMA).build();
    String a = engine.mutation(tx -> tx.insert("items", Map.of("g", 1, "n", 0)));
    String b = engine.mutation(tx -> tx.insert("items", Map.of("g", 2, "n", 0)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            engine.mutation(tx -> {
              long x = (Long) tx.get(a).orElseThrow().getJava("n");
              long y = (Long) tx.get(b).orElseThrow().getJava("n");
              tx.patch(a, Map.of("n", x - 1));
              tx.patch(b, Map.of("n", y + 1));
              return null;
            });
          }
          return 0;
        }));
        futures.add(pool.submit(() -> {
          int torn = 0;
          for (int i = 0; i < 300; i++) {
            long sum = engine.query(tx -> (Long) tx.get(a).orElseThrow().getJava("n")
                + (Long) tx.get(b).orElseThrow().getJava("n"));
            torn += sum == 0 ? 0 : 1;
          }
          return torn;
        }));
      }
      int torn = 0;
      for (Future<Integer> f : futures) {
        torn += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(torn).as("queries that read half a transfer").isZero();
      Object moved = engine.query(tx -> tx.get(b).orElseThrow().getJava("n"));
      assertThat(moved).isEqualTo(200L);
    }
    finally {
      pool.shutdownNow();
    }
  }

  /**
   * On a pool of two connections, writers waiting for the writer lock hold connections while a
   * commit waits for the queries: a query must not hold the commit lock while it waits for a
   * connection (it would wait for the committing writer's connection forever; the pool gives up
   * after 5 s and the query fails).
   */
  @DatabaseTest
  void queriesAndMutationsShareATwoConnectionPoolWithoutWaitingForEachOther(TestDatabase db)
      throws Exception {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.kind() == TestDatabase.Kind.H2 ? "sa" : "postgres");
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(5_000);
    try (com.zaxxer.hikari.HikariDataSource small =
        new com.zaxxer.hikari.HikariDataSource(config)) {
      ConvexEngine engine = ConvexEngine.builder(small, GroupedItems.SCHEMA).build();
      String id = engine.mutation(tx -> tx.insert("items", Map.of("g", 1, "n", 0)));
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
          boolean writer = t < 2;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 100; i++) {
              if (writer) {
                engine.mutation(tx -> {
                  tx.patch(id, Map.of("n", (Long) tx.get(id).orElseThrow().getJava("n") + 1));
                  return null;
                });
              }
              else {
                engine.query(tx -> tx.get(id).orElseThrow());
              }
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      }
      finally {
        pool.shutdownNow();
      }
      Object n = engine.query(tx -> tx.get(id).orElseThrow().getJava("n"));
      assertThat(n).isEqualTo(200L);
    }
  }

  /**
   * A new writing transaction committed inside a query (here through a second engine on the same
   * database) would wait for the query forever on H2: refused, naming the problem.
   */
  @DatabaseTest
  void aWriteCommittedInsideAQueryOnH2IsRefusedNotDeadlocked(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), GroupedItems.SCHEMA).build();
    ConvexEngine other = ConvexEngine.builder(db.dataSource(), GroupedItems.SCHEMA).build();
    TransactionTemplate independent = new TransactionTemplate(
        new JdbcTransactionManager(db.dataSource()));
    independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    Runnable writeInsideQuery = () -> engine.query(tx -> {
      tx.query("items").collect();
      return independent.execute(status -> other.db().insert("items", Map.of("g", 1, "n", 1)));
    });
    if (db.kind() == TestDatabase.Kind.H2) {
      assertThatThrownBy(writeInsideQuery::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("can't commit inside ConvexEngine.query");
      List<Document> items = engine.query(tx -> tx.query("items").collect());
      assertThat(items).isEmpty();
    }
    else {
      writeInsideQuery.run();
      List<Document> items = engine.query(tx -> tx.query("items").collect());
      assertThat(items).hasSize(1);
    }
  }

  /** Waits until {@code write} is done (PostgreSQL) or waits for the commit lock (H2). */
  private static void awaitCommittedOrHeld(ConvexEngine engine, Future<?> write) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!write.isDone() && engine.waitingForCommitLock() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the mutation neither committed nor waited for the query");
      }
      Thread.onSpinWait();
    }
  }
}
