package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts of one transaction are buffered per table and sent as one JDBC batch: before the
 * table is next read or written, and before the commit; reads inside the transaction see them.
 */
class WriteBatchingTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("items", t -> {
        t.field("n", FieldType.int64());
        t.index("by_n", "n");
      })
      .table("others", t -> t.field("s", FieldType.string()))
      .build();

  @DatabaseTest
  void manyInsertsOfOneMutationAreOneBatchSentAtCommit(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    counter.reset();
    engine.mutation(tx -> {
      for (int i = 0; i < 100; i++) {
        tx.insert("items", Map.of("n", i));
      }
      tx.insert("others", Map.of("s", "x"));
      return null;
    });
    assertThat(counter.statements()).as("one batch per table").isEqualTo(2);
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").withIndex("by_n").collect()))
        .extracting(d -> d.getJava("n")).hasSize(100).startsWith(0L, 1L, 2L).endsWith(99L);
  }

  @DatabaseTest
  void readsAndWritesInsideTheMutationSeeBufferedInserts(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    List<Object> seen = engine.mutation(tx -> {
      String a = tx.insert("items", Map.of("n", 1));
      String b = tx.insert("items", Map.of("n", 2));
      tx.patch(a, Map.of("n", 3));
      String c = tx.insert("items", Map.of("n", 4));
      tx.delete(b);
      assertThat(tx.get(c)).isPresent();
      return tx.query("items").withIndex("by_n").collect().stream()
          .map(d -> d.getJava("n")).toList();
    });
    assertThat(seen).containsExactly(3L, 4L);
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").withIndex("by_n").collect()))
        .extracting(d -> d.getJava("n")).containsExactly(3L, 4L);
  }

  @DatabaseTest
  void aJoinedSpringTransactionSendsItsBufferedInsertsBeforeCommit(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    TransactionTemplate template = new TransactionTemplate(
        new JdbcTransactionManager(db.dataSource()));
    template.executeWithoutResult(status -> engine.db().insert("items", Map.of("n", 7)));
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect()))
        .extracting(d -> d.getJava("n")).containsExactly(7L);
  }

  @DatabaseTest
  void aBatchThatFailsAtCommitFailsTheMutationNamingTheTable(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("n", 1)));
    // Re-inserting an existing id can only happen through the buffer: the batch is refused.
    assertThatThrownBy(() -> engine.mutation(tx -> {
      TransactionState state = engine.currentState();
      TableRegistry.TableInfo info = engine.registry().table("items");
      Document copy = Document.of("items", id, 1.0, tx.get(id).orElseThrow().fields());
      state.addPending(info.physical(), JdbcDocumentStore.row(info.physical(), copy));
      return null;
    })).isInstanceOf(DataAccessException.class).hasMessageContaining("\"items\"");
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").collect())).hasSize(1);
  }

  @DatabaseTest
  void getManyReadsManyIdsInOneStatement(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    List<String> ids = engine.mutation(tx -> List.of(tx.insert("items", Map.of("n", 1)),
        tx.insert("items", Map.of("n", 2)), tx.insert("others", Map.of("s", "x"))));
    counter.reset();
    Map<String, Document> found = engine.query(tx -> ((JdbcDatabase) tx).getAll("items",
        List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(0))));
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(found).containsOnlyKeys(ids.get(0), ids.get(1));
    assertThat(found.get(ids.get(1)).getJava("n")).isEqualTo(2L);
  }

  @DatabaseTest
  void aRollbackToASavepointDiscardsTheInsertsBufferedAfterIt(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    JdbcTransactionManager manager = new JdbcTransactionManager(db.dataSource());
    TransactionTemplate outer = new TransactionTemplate(manager);
    TransactionTemplate nested = new TransactionTemplate(manager);
    nested.setPropagationBehavior(TransactionTemplate.PROPAGATION_NESTED);
    outer.executeWithoutResult(status -> {
      engine.db().insert("items", Map.of("n", 1));
      assertThatThrownBy(() -> nested.executeWithoutResult(inner -> {
        engine.db().insert("items", Map.of("n", 2));
        // The read sends n = 1 and n = 2 after the savepoint: the rollback undoes both sends.
        assertThat(engine.db().query("items").collect()).hasSize(2);
        throw new IllegalStateException("undo n = 2");
      })).hasMessage("undo n = 2");
      engine.db().insert("items", Map.of("n", 3));
    });
    assertThat(engine.<List<Document>>query(tx -> tx.query("items").withIndex("by_n").collect()))
        .extracting(d -> d.getJava("n")).containsExactly(1L, 3L);
  }
}
