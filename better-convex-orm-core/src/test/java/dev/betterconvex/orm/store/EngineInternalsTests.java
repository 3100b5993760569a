package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class EngineInternalsTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("items", t -> t.field("n", FieldType.int64()))
      .table("others", t -> t.field("n", FieldType.int64()))
      .table("notes", t -> t.field("text", FieldType.string()))
      .build();

  @DatabaseTest
  void getAllReturnsTheDocumentsThatExistInOneStatementPerThousandIds(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    List<String> items = engine.mutation(tx -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        ids.add(tx.insert("items", Map.of("n", i)));
      }
      return ids;
    });
    String other = engine.mutation(tx -> tx.insert("others", Map.of("n", 0)));
    engine.mutation(tx -> {
      tx.delete(items.get(1));
      return null;
    });

    counter.reset();
    Map<String, Document> found = getAll(engine, List.of(items.get(0), items.get(1),
        items.get(2), items.get(0), other, "not-an-id"));
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(found.keySet()).containsExactlyInAnyOrder(items.get(0), items.get(2));
    assertThat(found.get(items.get(2)).getJava("n")).isEqualTo(2L);

    counter.reset();
    assertThat(getAll(engine, items)).hasSize(1_199);
    assertThat(counter.statements()).as("1,200 ids").isEqualTo(2);
    assertThat(getAll(engine, List.of())).isEmpty();
  }

  @DatabaseTest
  void eachIdCountsAgainstTheTransactionLimitsAsAGetDoes(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withLimits(
            new TransactionLimits(32_000, 16L << 20, 3, 16_000, 16L << 20)))
        .build();
    List<String> ids = engine.mutation(tx -> List.of(tx.insert("items", Map.of("n", 1)),
        tx.insert("items", Map.of("n", 2)), tx.insert("items", Map.of("n", 3)),
        tx.insert("items", Map.of("n", 4))));

    assertThat(getAll(engine, ids.subList(0, 3))).hasSize(3);
    assertThatThrownBy(() -> getAll(engine, ids))
        .isInstanceOf(TransactionLimitExceededException.class)
        .hasMessageContaining("maxIndexRanges").hasMessageContaining("\"items\"");
  }

  @DatabaseTest
  void getAllReadsBodiesKeptInTheOverflowColumn(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    String text = "x".repeat(1_000_001);
    List<String> ids = engine.mutation(tx -> List.of(tx.insert("notes", Map.of("text", text)),
        tx.insert("notes", Map.of("text", "short"))));

    Map<String, Document> found = engine.mutation(
        tx -> ((EngineInternals) tx).getAll("notes", ids));
    assertThat(found.get(ids.get(0)).getJava("text")).isEqualTo(text);
    assertThat(found.get(ids.get(1)).getJava("text")).isEqualTo("short");
  }

  private static Map<String, Document> getAll(ConvexEngine engine, List<String> ids) {
    return engine.mutation(tx -> ((EngineInternals) tx).getAll("items", ids));
  }
}
