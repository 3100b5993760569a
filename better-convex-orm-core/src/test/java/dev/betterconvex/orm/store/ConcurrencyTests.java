package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexInt64;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

class ConcurrencyTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("counters", t -> {
        t.field("value", FieldType.int64()).notNull();
        t.field("bucket", FieldType.string());
        t.index("by_bucket", "bucket");
      })
      .build();

  /** The default settings: their retry budget must absorb this deliberate contention. */
  private static ConvexEngine engine(TestDatabase db) {
    return ConvexEngine.builder(db.dataSource(), SCHEMA).build();
  }

  @DatabaseTest
  void eightThreadsIncrementingOneCounterLoseNoUpdate(TestDatabase db) throws Exception {
    ConvexEngine engine = engine(db);
    String id = engine.mutation(tx -> tx.insert("counters", Map.of("value", 0L)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 250; i++) {
            engine.mutation(tx -> {
              long value = ((ConvexInt64) tx.get(id).orElseThrow().get("value")).value();
              tx.patch(id, Map.of("value", value + 1));
              return null;
            });
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    finally {
      pool.shutdown();
    }
    long value = engine.query(tx -> ((ConvexInt64) tx.get(id).orElseThrow().get("value")).value());
    System.out.println("[" + engine.databaseName() + "] counter = " + value + ", "
        + engine.statistics());
    assertThat(value).isEqualTo(2000);
    assertThat(engine.statistics().mutations()).isEqualTo(2001);
    assertThat(engine.statistics().retries()).isEqualTo(engine.statistics().conflicts());
    assertThat(engine.statistics().retriesExhausted()).isZero();
  }

  @DatabaseTest
  void aMutationThatKeepsConflictingFailsOnceItsBudgetIsSpentNamingAttemptsTimeAndTable(
      TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withRetryBudget(Duration.ofMillis(50))).build();
    String id = engine.mutation(tx -> tx.insert("counters", Map.of("value", 0L)));
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("value", 1L));
      throw new OptimisticConcurrencyException("Transaction conflicted with a concurrent "
          + "transaction on table \"counters\"", new IllegalStateException("simulated"));
    }))
        .isInstanceOf(OptimisticConcurrencyException.class)
        .hasMessageMatching("Mutation kept conflicting with concurrent transactions on table "
            + "\"counters\": given up after \\d+ attempts in 0\\.\\d{3} s, as its retry budget "
            + "of 0\\.050 s \\(retryBudget\\) is spent \\(raise it, or make fewer transactions "
            + "write the same documents\\)");
    EngineStatistics statistics = engine.statistics();
    assertThat(statistics.retriesExhausted()).isEqualTo(1);
    assertThat(statistics.conflicts()).isEqualTo(statistics.retries() + 1);
    assertThat(statistics.retries()).isPositive();
    assertThat(engine.<Object>query(tx -> tx.get(id).orElseThrow().get("value")))
        .isEqualTo(new ConvexInt64(0));

    ConvexEngine counted = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withMaxRetries(2)).build();
    assertThatThrownBy(() -> counted.mutation(tx -> {
      tx.get(id);
      throw new OptimisticConcurrencyException("conflict", new IllegalStateException());
    }))
        .hasMessageContaining("given up after 3 attempts in ")
        .hasMessageContaining("as its 2 re-runs (maxRetries) are spent");
  }

  @DatabaseTest
  void concurrentInsertsIntoARangeThatWasReadEmptyDoNotBothCommit(TestDatabase db)
      throws Exception {
    // Write skew: each mutation inserts into bucket "b" only when the bucket looks empty. A
    // serializable engine lets exactly one of them commit, however they interleave.
    ConvexEngine engine = engine(db);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> engine.mutation(tx -> {
          if (tx.query("counters").withIndex("by_bucket", r -> r.eq("bucket", "b")).first()
              .isEmpty()) {
            tx.insert("counters", Map.of("value", 1L, "bucket", "b"));
          }
          return null;
        })));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    finally {
      pool.shutdown();
    }
    assertThat(engine.<List<Document>>query(tx -> tx.query("counters").withIndex("by_bucket",
        r -> r.eq("bucket", "b")).collect())).hasSize(1);
  }
}
