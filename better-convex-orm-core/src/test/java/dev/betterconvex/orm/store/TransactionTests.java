package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.sql.Connection;
import java.util.ArrayList;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class TransactionTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("items", t -> t.field("n", FieldType.int64()))
      .build();

  @DatabaseTest
  void aFailingMutationWritesNothing(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.insert("items", Map.of("n", 1));
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect())).isEmpty();
  }

  @DatabaseTest
  void exceedingAReadLimitFailsNamingTheLimit(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withLimits(
            new TransactionLimits(10, 16L << 20, 4096, 16_000, 16L << 20)))
        .build();
    engine.mutation(tx -> {
      for (int i = 0; i < 11; i++) {
        tx.insert("items", Map.of("n", i));
      }
      return null;
    });
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").take(10))).hasSize(10);
    assertThatThrownBy(() -> engine.query(tx -> tx.query("items").collect()))
        .isInstanceOf(TransactionLimitExceededException.class)
        .hasMessageContaining("maxDocumentsScanned").hasMessageContaining("\"items\"");
  }

  @DatabaseTest
  void exceedingAWriteLimitRollsBackEveryWrite(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withLimits(
            new TransactionLimits(32_000, 16L << 20, 4096, 5, 16L << 20)))
        .build();
    assertThatThrownBy(() -> engine.mutation(tx -> {
      for (int i = 0; i < 6; i++) {
        tx.insert("items", Map.of("n", i));
      }
      return null;
    })).isInstanceOf(TransactionLimitExceededException.class)
        .satisfies(ex -> assertThat(((TransactionLimitExceededException) ex).limit())
            .isEqualTo("maxDocumentsWritten"));
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect())).isEmpty();
  }

  @DatabaseTest
  void aSpringTransactionSpansSeveralEngineCalls(TestDatabase db) {
    JdbcTransactionManager txManager = new JdbcTransactionManager(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .transactionManager(txManager).build();
    TransactionTemplate template = new TransactionTemplate(txManager);
    assertThatThrownBy(() -> template.executeWithoutResult(status -> {
      engine.mutation(tx -> tx.insert("items", Map.of("n", 1)));
      engine.db().insert("items", Map.of("n", 2));
      assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect())).hasSize(2);
      throw new IllegalStateException("roll back both");
    })).hasMessage("roll back both");
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect())).isEmpty();

    template.executeWithoutResult(status -> {
      engine.mutation(tx -> tx.insert("items", Map.of("n", 1)));
      engine.db().insert("items", Map.of("n", 2));
    });
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect())).hasSize(2);
  }

  @DatabaseTest
  void theDatabaseApiNeedsATransaction(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertThatThrownBy(() -> engine.db().query("items").collect())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("No transaction is active");
  }

  @DatabaseTest
  void queriesCannotWrite(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertThatThrownBy(() -> engine.query(tx -> ((DatabaseWriter) tx).insert("items", Map.of("n", 1))))
        .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("read-only");
  }

  /**
   * The engine's own query transaction is a Spring read-only transaction for the code inside it
   * (it is begun without the template, see QueryTransactions): a template joins it on the same
   * connection, synchronizations see its end, and a joined part marked rollback-only rolls it
   * back, as Spring's own would.
   */
  @DatabaseTest
  void aQueryIsASpringReadOnlyTransactionThatCodeInsideJoins(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("n", 1)));
    TransactionTemplate joining = new TransactionTemplate(
        new JdbcTransactionManager(db.dataSource()));
    List<Integer> completions = new ArrayList<>();
    TransactionSynchronization recorder = new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        completions.add(status);
      }
    };

    boolean same = engine.query(tx -> {
      assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
      assertThat(TransactionSynchronizationManager.isCurrentTransactionReadOnly()).isTrue();
      assertThat(TransactionSynchronizationManager.getCurrentTransactionName())
          .isEqualTo("better-convex query");
      TransactionSynchronizationManager.registerSynchronization(recorder);
      Connection outer = DataSourceUtils.getConnection(db.dataSource());
      try {
        assertThat(outer.getAutoCommit()).isFalse();
      }
      catch (java.sql.SQLException ex) {
        throw new IllegalStateException(ex);
      }
      Connection inner = joining.execute(status -> {
        assertThat(status.isNewTransaction()).as("joins the query's transaction").isFalse();
        assertThat(tx.get(id)).isPresent();
        return DataSourceUtils.getConnection(db.dataSource());
      });
      return inner == outer;
    });
    assertThat(same).as("the joined code ran on the query's connection").isTrue();
    assertThat(completions).containsExactly(TransactionSynchronization.STATUS_COMMITTED);
    assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
    assertThat(TransactionSynchronizationManager.getResource(db.dataSource())).isNull();

    completions.clear();
    assertThatThrownBy(() -> engine.query(tx -> {
      TransactionSynchronizationManager.registerSynchronization(recorder);
      throw new IllegalStateException("query failed");
    })).hasMessage("query failed");
    assertThat(completions).containsExactly(TransactionSynchronization.STATUS_ROLLED_BACK);

    completions.clear();
    assertThatThrownBy(() -> engine.query(tx -> {
      TransactionSynchronizationManager.registerSynchronization(recorder);
      joining.executeWithoutResult(status -> status.setRollbackOnly());
      return tx.get(id);
    })).isInstanceOf(UnexpectedRollbackException.class);
    assertThat(completions).containsExactly(TransactionSynchronization.STATUS_ROLLED_BACK);
    assertThat(TransactionSynchronizationManager.getResource(db.dataSource())).isNull();
    assertThat(engine.<Boolean>query(tx -> tx.get(id).isPresent())).isTrue();
  }
}
