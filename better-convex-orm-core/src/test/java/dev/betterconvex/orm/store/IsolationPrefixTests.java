package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The isolation prefix on pgjdbc (only PostgreSQL uses it): it goes with the first statement
 * that runs, once, in the same round trip, or alone before a batch.
 */
class IsolationPrefixTests {

  private static final String SERIALIZABLE = "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";

  private TestDatabase db;

  @BeforeEach
  void create() throws SQLException {
    db = TestDatabases.create(TestDatabase.Kind.POSTGRESQL);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
    }
  }

  @AfterEach
  void drop() {
    TestDatabases.drop(db);
  }

  @Test
  void theFirstQueryCarriesThePrefixAndLaterStatementsRunPlain() throws SQLException {
    StatementCounter counter = new StatementCounter(db.dataSource());
    try (Connection raw = counter.dataSource().getConnection()) {
      raw.setAutoCommit(false);
      AtomicReference<@Nullable String> pending = new AtomicReference<>(SERIALIZABLE);
      Connection c = IsolationPrefix.wrap(raw, pending);
      PreparedStatement unused = c.prepareStatement("SELECT 2");
      unused.close();
      try (PreparedStatement ps = c.prepareStatement("SELECT ? + 1")) {
        ps.setInt(1, 41);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(42);
        }
      }
      assertThat(pending.get()).isNull();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        ps.setInt(1, 1);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      assertThat(isolation(raw)).isEqualTo("serializable");
      raw.commit();
    }
    assertThat(counter.statements()).isEqualTo(3);
    assertThat(counter.transactionControl()).isZero();
  }

  @Test
  void anUpdateCarriesThePrefixAndReturnsItsOwnCount() throws SQLException {
    try (Connection raw = db.dataSource().getConnection()) {
      raw.setAutoCommit(false);
      Connection c = IsolationPrefix.wrap(raw, new AtomicReference<>(SERIALIZABLE));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t SELECT generate_series(1, ?)")) {
        ps.setInt(1, 3);
        assertThat(ps.executeUpdate()).isEqualTo(3);
      }
      assertThat(isolation(raw)).isEqualTo("serializable");
      raw.rollback();
    }
  }

  @Test
  void aBatchFirstSendsThePrefixAlone() throws SQLException {
    StatementCounter counter = new StatementCounter(db.dataSource());
    try (Connection raw = counter.dataSource().getConnection()) {
      raw.setAutoCommit(false);
      Connection c = IsolationPrefix.wrap(raw, new AtomicReference<>(SERIALIZABLE));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        for (int i = 0; i < 3; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      }
      assertThat(isolation(raw)).isEqualTo("serializable");
      raw.rollback();
    }
    assertThat(counter.transactionControl()).isEqualTo(1);
  }

  private static String isolation(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
