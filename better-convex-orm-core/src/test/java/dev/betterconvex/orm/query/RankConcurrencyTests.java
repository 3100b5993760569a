package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two engines on one database (two application instances), two threads each, inserting into,
 * re-scoring and deleting from one shared partition and one of their own at once: every rank
 * is exact afterwards (writers of one partition queue on its head row or are re-run).
 */
class RankConcurrencyTests {

  @DatabaseTest
  void concurrentWritersOfOnePartitionFromTwoInstancesKeepItExact(TestDatabase db)
      throws Exception {
    List<ConvexEngine> engines = List.of(
        ConvexEngine.builder(db.dataSource(), RankIndexTests.SCHEMA).build(),
        ConvexEngine.builder(db.dataSource(), RankIndexTests.SCHEMA).build());
    String shared = engines.get(0).mutation(tx -> tx.insert("games", Map.of("title", "s")));
    List<String> own = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      own.add(engines.get(0).mutation(tx -> tx.insert("games", Map.of("title", "own"))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        ConvexEngine engine = engines.get(t % 2);
        String game = own.get(t);
        Random random = new Random(t);
        done.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          for (int i = 0; i < 15; i++) {
            long score = random.nextInt(20);
            mine.add(engine.mutation(tx -> {
              var unused = tx.insert("scores", Map.of("gameId", game, "score", score));
              return tx.insert("scores", Map.of("gameId", shared, "score", score));
            }));
            if (i % 4 == 3) {
              String rescored = mine.get(random.nextInt(mine.size()));
              engine.mutation(tx -> {
                tx.patch(rescored, Map.of("score", (long) random.nextInt(20)));
                return null;
              });
            }
            if (i % 5 == 4) {
              String deleted = mine.remove(0);
              engine.mutation(tx -> {
                tx.delete(deleted);
                return null;
              });
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
    ConvexOrm orm = new ConvexOrm(engines.get(1));
    for (String game : java.util.stream.Stream.concat(java.util.stream.Stream.of(shared),
        own.stream()).toList()) {
      List<Document> rows = new ArrayList<>(orm.query("scores").where(eq("gameId", game))
          .allowFullScan().findMany());
      rows.sort(RankIndexTests.LB);
      RankQuery<Document> rank = orm.query("scores").where(eq("gameId", game)).rank("lb");
      assertThat(rank.count()).isEqualTo(rows.size());
      assertThat(rank.page(0, RankQuery.MAX_PAGE).stream().map(Document::id).toList())
          .isEqualTo(rows.stream().map(Document::id).toList());
      for (int i = 0; i < rows.size(); i++) {
        assertThat(rank.indexOf(rows.get(i).id())).hasValue(i);
      }
    }
    assertThat(orm.query("scores").where(eq("gameId", shared)).rank("lb").count())
        .isEqualTo(4 * (15 - 3));
  }
}
