package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts the round trips of the engine's transaction path (statements, commits, and the
 * isolation calls and statements around them); docs/architecture.md quotes these figures.
 */
class TransactionRoundTripTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("items", t -> t.field("a", FieldType.string()))
      .build();

  @DatabaseTest
  void aGetByIdCostsTwoRoundTripsAndAMutationItsStatementsAndCommitOnPostgreSql(
      TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("a", "x")));
    engine.query(tx -> tx.get(id));

    counter.reset();
    engine.query(tx -> tx.get(id));
    assertThat(counter.statements()).as("get by id: statements").isEqualTo(1);
    assertThat(counter.commits()).isEqualTo(1);
    long getByIdControl = counter.transactionControl();

    counter.reset();
    engine.mutation(tx -> {
      tx.patch(id, Map.of("a", "y"));
      return null;
    });
    assertThat(counter.commits()).isEqualTo(1);
    long mutationControl = counter.transactionControl();

    if (db.kind() == TestDatabase.Kind.POSTGRESQL) {
      // SET TRANSACTION ISOLATION LEVEL ... goes with the first statement; nothing to reset.
      assertThat(getByIdControl).as("get by id: isolation round trips").isZero();
      assertThat(mutationControl).as("mutation: isolation round trips").isZero();
    }
    else {
      // Queries and mutations run at READ COMMITTED on H2, the connection's own level: Spring
      // only reads it (a local call on H2), and neither sets nor resets it.
      assertThat(getByIdControl).isEqualTo(1);
      assertThat(mutationControl).isEqualTo(1);
    }
  }

  @DatabaseTest
  void aMutationInserting100RowsIsOneStatementCarryingTheIsolationAndItsCommit(
      TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    engine.mutation(tx -> tx.insert("items", Map.of("a", "warm")));

    counter.reset();
    engine.mutation(tx -> {
      for (int i = 0; i < 100; i++) {
        tx.insert("items", Map.of("a", "row " + i));
      }
      return null;
    });
    assertThat(counter.statements()).as("100 inserts: one statement").isEqualTo(1);
    assertThat(counter.commits()).isEqualTo(1);
    if (db.kind() == TestDatabase.Kind.POSTGRESQL) {
      // One multi-row INSERT with SET TRANSACTION ... in front of it, then COMMIT.
      assertThat(counter.transactionControl()).as("isolation round trips").isZero();
      assertThat(counter.roundTrips()).isEqualTo(2);
    }
    assertThat(engine.<Long>query(tx -> (long) tx.query("items").collect().size()))
        .isEqualTo(101);
  }

  @DatabaseTest
  void queriesRunAtASnapshotAndMutationsSerializableOrSerializedOnH2(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("a", "x")));
    // H2 mutations run one at a time at READ COMMITTED, and queries at READ COMMITTED under
    // the commit lock, one snapshot (see docs/architecture.md and QuerySnapshotTests).
    boolean postgres = db.kind() == TestDatabase.Kind.POSTGRESQL;
    String mutations = postgres ? "serializable" : "read committed";
    assertThat(engine.<String>query(tx -> {
      tx.get(id);
      return isolation(db);
    })).isEqualTo(postgres ? "repeatable read" : "read committed");
    assertThat(engine.<String>mutation(tx -> {
      tx.get(id);
      return isolation(db);
    })).isEqualTo(mutations);
    // Inserts are buffered: the first statement sent is their batch, flushed by the get.
    assertThat(engine.<String>mutation(tx -> {
      String inserted = tx.insert("items", Map.of("a", "first statement is an insert batch"));
      tx.get(inserted);
      return isolation(db);
    })).isEqualTo(mutations);
  }

  /** The isolation of the current transaction, as the database reports it. */
  private static String isolation(TestDatabase db) {
    Connection c = DataSourceUtils.getConnection(db.dataSource());
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        db.kind() == TestDatabase.Kind.POSTGRESQL ? "SHOW transaction_isolation"
            : "SELECT ISOLATION_LEVEL FROM INFORMATION_SCHEMA.SESSIONS "
                + "WHERE SESSION_ID = SESSION_ID()")) {
      rs.next();
      return rs.getString(1).toLowerCase(java.util.Locale.ROOT);
    }
    catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @DatabaseTest
  void theEngineAddsNoTransactionControlInsideASpringTransaction(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("a", "x")));
    TransactionTemplate spring = new TransactionTemplate(
        new JdbcTransactionManager(counter.dataSource()));
    spring.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);

    counter.reset();
    spring.executeWithoutResult(status -> engine.db().get(id));
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(counter.commits()).isEqualTo(1);
    // Spring's own sequence: getTransactionIsolation, setTransactionIsolation, and the reset.
    assertThat(counter.transactionControl()).isEqualTo(3);
  }
}
