package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Map;

/** Measures the SQL round trips of each write; docs/architecture.md quotes these figures. */
class WriteCostTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("items", t -> {
        t.field("a", FieldType.string());
        t.field("b", FieldType.int64());
        t.field("c", FieldType.string());
        t.index("by_a", "a");
        t.index("by_b", "b");
      })
      .build();

  @DatabaseTest
  void eachWriteCostsAFixedSmallNumberOfRoundTrips(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    engine.mutation(tx -> tx.insert("items", Map.of("a", "warm", "b", 0)));

    counter.reset();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("a", "x", "b", 1)));
    assertThat(counter.statements()).as("insert: one row with 3 key columns").isEqualTo(1);

    counter.reset();
    engine.mutation(tx -> {
      tx.patch(id, Map.of("c", "not indexed"));
      return null;
    });
    assertThat(counter.statements()).as("patch changing no index key").isEqualTo(2);

    counter.reset();
    engine.mutation(tx -> {
      tx.patch(id, Map.of("b", 2));
      return null;
    });
    assertThat(counter.statements()).as("patch changing one index key").isEqualTo(2);
    assertThat(counter.reads()).as("patch: the read of the document, then the UPDATE")
        .isEqualTo(1);
    assertRoundTrips(db, counter, 2);

    counter.reset();
    engine.query(tx -> tx.get(id));
    assertThat(counter.statements()).as("get by id").isEqualTo(1);

    counter.reset();
    engine.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    assertThat(counter.statements()).as("delete: one DELETE, no read").isEqualTo(1);
    assertThat(counter.reads()).isZero();
    assertRoundTrips(db, counter, 1);
  }

  /** On PostgreSQL a mutation is its statements and the commit: the isolation goes along. */
  private static void assertRoundTrips(TestDatabase db, StatementCounter counter,
      long statements) {
    assertThat(counter.commits()).isEqualTo(1);
    if (db.kind() == TestDatabase.Kind.POSTGRESQL) {
      assertThat(counter.roundTrips()).as("round trips").isEqualTo(statements + 1);
    }
  }

  @DatabaseTest
  void aWriteReadsTheIndexSetVersionInItsOwnStatementNotWithTheRead(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("a", "x", "b", 1)));

    counter.reset();
    engine.mutation(tx -> {
      tx.get(id);
      tx.patch(id, Map.of("b", 2));
      return null;
    });
    assertThat(counter.statements()).as("a get, then a patch: its read and its UPDATE")
        .isEqualTo(3);
    assertThat(counter.reads()).isEqualTo(2);
    assertThat(counter.sql()).filteredOn(sql -> sql.contains("bc_meta"))
        .as("the index-set version is read by the UPDATE only")
        .singleElement().asString().startsWith("UPDATE");
  }

  @DatabaseTest
  void deletingOrReplacingAMissingDocumentFailsNamingIt(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    String id = engine.mutation(tx -> tx.insert("items", Map.of("a", "x", "b", 1)));
    engine.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.delete(id);
      return null;
    })).isInstanceOf(InvalidDocumentException.class)
        .hasMessage("Delete on nonexistent document ID " + id);
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("b", 3));
      return null;
    })).isInstanceOf(InvalidDocumentException.class)
        .hasMessage("Update on nonexistent document ID " + id);
  }

  @DatabaseTest
  void anInsertWithASearchIndexWritesItsPostingsInOneStatementOnPostgres(TestDatabase db) {
    Schema schema = Schema.builder()
        .table("texts", t -> {
          t.field("body", FieldType.string());
          t.field("category", FieldType.string());
          t.searchIndex("search_body", "body", "category");
        })
        .build();
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), schema).build();
    engine.mutation(tx -> tx.insert("texts", Map.of("body", "warm up", "category", "a")));

    counter.reset();
    java.util.List<String> ids = engine.mutation(tx -> java.util.List.of(
        tx.insert("texts", Map.of("body", "one two three four", "category", "a")),
        tx.insert("texts", Map.of("body", "five six", "category", "b")),
        tx.insert("texts", Map.of("category", "c"))));
    // The documents; then their lengths, the statistics and the postings: one statement of
    // arrays on PostgreSQL, three batches on H2.
    assertThat(counter.statements()).as("insert of 3 documents with a search index")
        .isEqualTo(db.kind() == TestDatabase.Kind.POSTGRESQL ? 2 : 4);
    assertThat(counter.reads()).isZero();

    counter.reset();
    engine.mutation(tx -> {
      tx.patch(ids.get(0), Map.of("body", "seven"));
      return null;
    });
    // The read of the document and its UPDATE; then the old entry out and the new one in.
    assertThat(counter.statements()).as("update of the searched field")
        .isEqualTo(db.kind() == TestDatabase.Kind.POSTGRESQL ? 4 : 2 + 4 + 3);

    counter.reset();
    engine.mutation(tx -> {
      tx.delete(ids.get(1));
      return null;
    });
    assertThat(counter.statements()).as("delete of a document with a search index")
        .isEqualTo(db.kind() == TestDatabase.Kind.POSTGRESQL ? 2 : 1 + 4);
  }

  /** Statements of an insert, an update of the ordered field and a delete, by id. */
  private static java.util.List<Long> rankWriteStatements(TestDatabase db, boolean rank) {
    Schema schema = Schema.builder()
        .table("scores", t -> {
          t.field("game", FieldType.string());
          t.field("score", FieldType.int64());
          if (rank) {
            t.rankIndex("lb").partitionBy("game")
                .orderBy("score", dev.betterconvex.orm.schema.RankIndexSchema.Direction.DESC);
          }
        })
        .build();
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), schema).build();
    engine.mutation(tx -> {
      for (int i = 0; i < 200; i++) {
        tx.insert("scores", Map.of("game", "g" + i % 2, "score", (long) i));
      }
      return null;
    });
    counter.reset();
    String id = engine.mutation(tx -> tx.insert("scores", Map.of("game", "g0", "score", 77L)));
    long insert = counter.statements();
    counter.reset();
    engine.mutation(tx -> {
      tx.patch(id, Map.of("score", 3L));
      return null;
    });
    long update = counter.statements();
    counter.reset();
    engine.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    return java.util.List.of(insert, update, counter.statements());
  }

  @DatabaseTest
  void aRankIndexAddsAFixedNumberOfStatementsToEachWrite(TestDatabase db) {
    // insert, update of the ordered field, delete: without, then with one rank index (its
    // partition's head locked, the nodes nearest the key read per level in one statement, the
    // changed nodes written); docs/benchmarks.md quotes these figures.
    assertThat(rankWriteStatements(db, false)).containsExactly(1L, 2L, 1L);
    // A level whose 16 nearest nodes are not enough is read again (rare; the heights are a
    // hash of the random ids), so each write may take one or two statements more.
    java.util.List<Long> withRank = rankWriteStatements(db, true);
    assertThat(withRank.get(0)).as("insert").isBetween(5L, 6L);
    assertThat(withRank.get(1)).as("update of the ordered field").isBetween(10L, 12L);
    assertThat(withRank.get(2)).as("delete").isBetween(8L, 9L);
  }
}
