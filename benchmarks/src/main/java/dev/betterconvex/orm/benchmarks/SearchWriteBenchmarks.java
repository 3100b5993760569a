package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The write cost of a search index: one mutation inserting one document of 50 words (and a
 * category), into a table with a search index on the text (the category as filter field) and
 * into the same table without it. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar SearchWriteBenchmarks}; the ratio of the
 * two is in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SearchWriteBenchmarks {

  /** A table with or without the search index, on a fresh database. */
  @State(Scope.Benchmark)
  public static class Table {

    @Param({"H2", "PostgreSQL"})
    public String database;

    @Param({"false", "true"})
    public boolean searchIndex;

    BenchmarkDatabase db;
    ConvexEngine engine;
    String[] bodies = new String[1024];
    int next;

    @Setup(Level.Trial)
    public void start() {
      db = BenchmarkDatabase.start(database);
      Schema schema = Schema.builder()
          .table("texts", t -> {
            t.field("body", FieldType.string()).notNull();
            t.field("category", FieldType.string()).notNull();
            if (searchIndex) {
              t.searchIndex("search_body", "body", "category");
            }
          })
          .build();
      engine = ConvexEngine.builder(db.dataSource(), schema).build();
      Random random = new Random(1);
      for (int i = 0; i < bodies.length; i++) {
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < SearchBenchmarks.WORDS; w++) {
          body.append(w == 0 ? "" : " ").append(SearchBenchmarks.word(1 + random.nextInt(500)));
        }
        bodies[i] = body.toString();
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  /** One mutation inserting one document. */
  @Benchmark
  public String insert(Table table) {
    String body = table.bodies[table.next++ & 1023];
    return table.engine.mutation(tx -> tx.insert("texts", Map.of("body", body, "category",
        "c" + (table.next % 10))));
  }
}
