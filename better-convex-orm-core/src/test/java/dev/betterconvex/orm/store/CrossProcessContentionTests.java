package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import dev.betterconvex.orm.value.ConvexInt64;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one PostgreSQL, 8 writers in all, increment one document's counter: with the
 * default settings every increment commits (the engine re-runs conflicting mutations within its
 * retry budget). H2 databases belong to one process; their in-process variant is
 * {@link ConcurrencyTests}.
 */
class CrossProcessContentionTests {

  private static final int THREADS = 4;
  private static final int INCREMENTS = 50;

  @TempDir
  Path dir;

  @Test
  void eightWritersInTwoProcessesReachTheExactCountWithDefaultSettings() throws Exception {
    TestDatabase db = TestDatabases.create(TestDatabase.Kind.POSTGRESQL);
    try {
      ConvexEngine engine = ConvexEngine.builder(db.dataSource(), WriterProcess.SCHEMA).build();
      String id = engine.mutation(tx -> tx.insert("counters", Map.of("value", 0L)));
      Path log = dir.resolve("writer.log");
      Process child = WriterProcess.start(log, "count", db.jdbcUrl(), id,
          Integer.toString(THREADS), Integer.toString(INCREMENTS));
      List<String> report = new ArrayList<>();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
          Writer in = child.outputWriter(StandardCharsets.UTF_8)) {
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
          // the child's log lines, if any
        }
        assertThat(line).as("the child started; see " + log).isEqualTo("READY");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        in.write("GO\n");
        in.flush();
        for (int t = 0; t < THREADS; t++) {
          futures.add(pool.submit(() -> {
            for (int i = 0; i < INCREMENTS; i++) {
              WriterProcess.increment(engine, id);
            }
          }));
        }
        try {
          for (Future<?> future : futures) {
            future.get();
          }
        }
        finally {
          pool.shutdown();
        }
        while ((line = out.readLine()) != null) {
          if (line.startsWith("DONE") || line.startsWith("FAILED")) {
            report.add(line);
          }
        }
      }
      finally {
        child.waitFor(60, TimeUnit.SECONDS);
        child.destroyForcibly();
      }
      assertThat(report).as("the child's report").hasSize(1).first().asString()
          .startsWith("DONE 0 ");
      assertThat(child.exitValue()).isZero();
      long value = engine.query(tx -> ((ConvexInt64) tx.get(id).orElseThrow().get("value"))
          .value());
      assertThat(value).isEqualTo(2L * THREADS * INCREMENTS);
      assertThat(engine.statistics().retriesExhausted()).isZero();
      System.out.println("[PostgreSQL, 2 processes] " + engine.statistics() + "; child: "
          + report.get(0));
    }
    finally {
      TestDatabases.drop(db);
    }
  }
}
