package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two engines on one database (two application instances), two threads each, inserting into,
 * updating and deleting from one bucket and a bucket of their own at once: the figures are
 * exact afterwards (conflicts on a shared bucket are re-run, never lost).
 */
class AggregateConcurrencyTests {

  @DatabaseTest
  void concurrentWritersOfOneBucketFromTwoInstancesKeepItExact(TestDatabase db)
      throws Exception {
    List<ConvexEngine> engines = List.of(
        ConvexEngine.builder(db.dataSource(), AggregateQueryTests.SCHEMA).build(),
        ConvexEngine.builder(db.dataSource(), AggregateQueryTests.SCHEMA).build());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engines.get(t % 2)));
        String own = "own" + t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            mutations.insert("events").values(Map.of("tenant", "shared", "kind", "k",
                "amount", 1L), Map.of("tenant", own, "kind", "k", "amount", 2L)).execute();
            if (i % 5 == 4) {
              mutations.update("events").set(Map.of("amount", 3L))
                  .where(eq("tenant", own)).allowFullScan().execute();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    }
    finally {
      pool.shutdownNow();
    }
    ConvexOrm orm = new ConvexOrm(engines.get(0));
    AggregateResult shared = orm.query("events").where(eq("tenant", "shared"))
        .aggregate(Aggregation.of().sum("amount"));
    assertThat(shared.count()).isEqualTo(100);
    assertThat(shared.sum("amount")).isEqualByComparingTo("100");
    for (int t = 0; t < 4; t++) {
      AggregateResult own = orm.query("events").where(eq("tenant", "own" + t))
          .aggregate(Aggregation.of().sum("amount"));
      assertThat(own.count()).isEqualTo(25);
      // The last update (i = 24) set every row of the tenant to 3.
      assertThat(own.sum("amount")).isEqualByComparingTo("75");
      assertThat(orm.query("events").where(eq("tenant", "own" + t)).allowFullScan()
          .withIndex("by_creation_time").count()).isEqualTo(25);
    }
  }
}
