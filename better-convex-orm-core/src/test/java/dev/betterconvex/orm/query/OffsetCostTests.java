package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.gte;
import static dev.betterconvex.orm.schema.FieldType.float64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexRangeBuilder;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.TransactionLimitExceededException;
import dev.betterconvex.orm.store.TransactionLimits;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexFloat64;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An offset over one index range with nothing checked after reading is skipped in the database:
 * one statement for page 500, the same rows as walking the range, and the skipped rows still
 * count as read. docs/queries.md quotes these figures.
 */
class OffsetCostTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("posts", t -> {
        t.field("author", string()).notNull();
        t.field("n", float64()).notNull();
        t.index("by_author_n", "author", "n");
      })
      .build();

  private static final int ROWS = 10_000;
  private static final int OFFSET = 9_980;
  private static final UnaryOperator<IndexRangeBuilder> AUTHOR_A = r -> r.eq("author", "a");

  private StatementCounter counter;
  private ConvexEngine engine;
  private ConvexOrm orm;

  private void start(TestDatabase db) {
    counter = new StatementCounter(db.dataSource());
    engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
    ConvexMutations mutations = new ConvexMutations(orm);
    // Rows of other authors on both sides of the range, so it has real bounds.
    for (String author : List.of("0", "b")) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        rows.add(Map.of("author", author, "n", i));
      }
      mutations.insert("posts").values(rows).execute();
    }
    for (int batch = 0; batch < ROWS / 2_000; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        // Inserted out of n order, so the index order is not the insertion order.
        rows.add(Map.of("author", "a", "n", (batch * 2_000 + i) * 7 % ROWS));
      }
      mutations.insert("posts").values(rows).execute();
    }
  }

  private FindQuery<Document> authorA(Sort order) {
    return orm.query("posts").withIndex("by_author_n", AUTHOR_A).orderBy(order);
  }

  private static List<String> ids(List<Document> docs) {
    return docs.stream().map(Document::id).toList();
  }

  @DatabaseTest
  void anOffsetOverOneRangeIsOneStatementAndReturnsTheRowsOfTheWalk(TestDatabase db) {
    start(db);
    for (Sort order : List.of(Sort.asc("n"), Sort.desc("n"))) {
      List<Document> walk = authorA(order).limit(ROWS + 1).findMany();
      assertThat(walk).hasSize(ROWS);

      counter.reset();
      List<Document> page = authorA(order).offset(OFFSET).limit(20).findMany();

      assertThat(counter.statements()).as("statements of page 500, " + order).isEqualTo(1);
      assertThat(ids(page)).as(order.toString())
          .containsExactlyElementsOf(ids(walk.subList(OFFSET, OFFSET + 20)));
      assertThat(page.get(0).get("n")).isEqualTo(walk.get(OFFSET).get("n"));
    }
  }

  @DatabaseTest
  void theNewestFirstPageOfTheWholeTableByOffsetIsOneStatement(TestDatabase db) {
    start(db);
    List<Document> walk = orm.query("posts").orderBy(Sort.desc("_creationTime"))
        .limit(ROWS + 100).findMany();

    counter.reset();
    List<Document> page = orm.query("posts").orderBy(Sort.desc("_creationTime")).offset(OFFSET)
        .limit(20).findMany();

    assertThat(counter.statements()).isEqualTo(1);
    assertThat(ids(page)).containsExactlyElementsOf(ids(walk.subList(OFFSET, OFFSET + 20)));
  }

  @DatabaseTest
  void theLowLevelScanSkipsInTheDatabaseToo(TestDatabase db) {
    start(db);
    IndexRange range = IndexRange.compile("posts",
        SCHEMA.requireTable("posts").index("by_author_n").orElseThrow(),
        AUTHOR_A.apply(new IndexRangeBuilder()).expressions());
    for (Order order : Order.values()) {
      List<String> walk = engine.query(tx -> {
        List<String> all = new ArrayList<>();
        EngineInternals.of(tx).scan(range, order, null, Integer.MAX_VALUE)
            .forEachRemaining(row -> all.add(row.document().id()));
        return all;
      });
      counter.reset();
      List<String> skipped = engine.query(tx -> {
        List<String> rest = new ArrayList<>();
        Iterator<IndexedDocument> scan = EngineInternals.of(tx).scan(range, order, OFFSET, 5);
        scan.forEachRemaining(row -> rest.add(row.document().id()));
        return rest;
      });
      assertThat(skipped).as(order.name()).containsExactlyElementsOf(walk.subList(OFFSET, ROWS));
      assertThat(counter.reads()).as("reads of the skip and the batches after it, " + order)
          .isEqualTo(3);
    }
  }

  @DatabaseTest
  void aPostFilteredOffsetStillSkipsMatchingRowsOnly(TestDatabase db) {
    start(db);
    List<Document> matching = authorA(Sort.desc("n")).limit(ROWS + 1).findMany().stream()
        .filter(d -> ((ConvexFloat64) d.get("n")).value() >= 3_000).toList();

    List<Document> page = authorA(Sort.desc("n")).where(gte("n", 3_000)).offset(6_990).limit(20)
        .findMany();

    assertThat(ids(page)).containsExactlyElementsOf(ids(matching.subList(6_990, 7_000)));
  }

  @DatabaseTest
  void skippedRowsCountAsScannedAgainstTheTransactionLimits(TestDatabase db) {
    start(db);
    int limit = ROWS - 1;
    ConvexOrm limited = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withLimits(new TransactionLimits(limit, 16L << 20,
            4_096, 16_000, 16L << 20)))
        .build());
    UnaryOperator<FindQuery<Document>> range = q -> q.withIndex("by_author_n", AUTHOR_A)
        .orderBy(Sort.asc("n"));

    assertThat(range.apply(limited.query("posts")).offset(limit - 20).limit(20).findMany())
        .as("offset and page read exactly the limit").hasSize(20);
    assertThatThrownBy(() -> range.apply(limited.query("posts")).offset(limit - 19).limit(20)
        .findMany())
        .isInstanceOfSatisfying(TransactionLimitExceededException.class,
            ex -> assertThat(ex.limit()).isEqualTo("maxDocumentsScanned"));
    assertThat(range.apply(orm.query("posts")).offset(ROWS + 5).limit(20).findMany())
        .as("an offset past the end, without the limit").isEmpty();
    assertThatThrownBy(() -> range.apply(limited.query("posts")).offset(ROWS + 5).limit(20)
        .findMany())
        .as("an offset past the end reads the whole range")
        .isInstanceOf(TransactionLimitExceededException.class);
  }
}
