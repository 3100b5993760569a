package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
 * Exact vector search: {@value #VECTORS} vectors of {@value #DIMENSIONS} dimensions in
 * {@value #CATEGORIES} categories, top 10 by cosine with and without a filter on the category
 * (a tenth of the rows), beside the physical floor of exact search: a plain Java loop over the
 * same float arrays with the same heap. The write cost of a vector index is in
 * {@link VectorWriteBenchmarks}. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar VectorSearch}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
@State(Scope.Benchmark)
public class VectorSearchBenchmarks {

  static final int VECTORS = 100_000;
  static final int DIMENSIONS = 384;
  static final int CATEGORIES = 10;
  static final int K = 10;

  @Param({"H2", "PostgreSQL"})
  public String database;

  private BenchmarkDatabase db;
  private ConvexOrm orm;
  private float[][] vectors;
  private String[] categories;
  private float[] query;

  static Schema schema(boolean vectorIndex) {
    return Schema.builder().table("chunks", t -> {
      t.field("category", FieldType.string()).notNull();
      t.field("embedding", FieldType.vector(DIMENSIONS)).notNull();
      if (vectorIndex) {
        t.vectorIndex("by_embedding", "embedding", DIMENSIONS, "category");
      }
    }).build();
  }

  /** A random vector with 3 decimals per component (short JSON bodies), seeded. */
  static float[] vector(Random random) {
    float[] v = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      v[i] = Math.round((random.nextFloat() * 2 - 1) * 1000) / 1000f;
    }
    return v;
  }

  static List<Double> boxed(float[] v) {
    List<Double> list = new ArrayList<>(v.length);
    for (float x : v) {
      list.add((double) x);
    }
    return list;
  }

  @Setup(Level.Trial)
  public void setUp() {
    db = BenchmarkDatabase.start(database);
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    orm = new ConvexOrm(engine);
    Random random = new Random(384);
    vectors = new float[VECTORS][];
    categories = new String[VECTORS];
    for (int i = 0; i < VECTORS; i++) {
      vectors[i] = vector(random);
      categories[i] = "c" + random.nextInt(CATEGORIES);
    }
    for (int from = 0; from < VECTORS; from += 1000) {
      int start = from;
      engine.mutation(tx -> {
        for (int i = start; i < Math.min(VECTORS, start + 1000); i++) {
          tx.insert("chunks", Map.of("category", categories[i], "embedding",
              boxed(vectors[i])));
        }
        return null;
      });
    }
    query = vector(random);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    db.close();
  }

  @Benchmark
  public List<Document> top10() {
    return search().findMany();
  }

  @Benchmark
  public List<Document> top10Filtered() {
    return orm.query("chunks").vectorSearch("by_embedding", query, eq("category", "c3"))
        .limit(K).findMany();
  }

  /** The floor: cosine over the same float arrays, a bounded heap, no database. */
  @Benchmark
  public int[] javaLoopTop10() {
    return javaLoop(null);
  }

  /** The floor with the filter: the rows of one category, checked in the loop. */
  @Benchmark
  public int[] javaLoopTop10Filtered() {
    return javaLoop("c3");
  }

  private FindQuery<Document> search() {
    return orm.query("chunks").vectorSearch("by_embedding", query).limit(K);
  }

  private int[] javaLoop(String category) {
    double queryNorm = 0;
    for (float x : query) {
      queryNorm += x * x;
    }
    queryNorm = Math.sqrt(queryNorm);
    double[] scores = new double[VECTORS];
    PriorityQueue<Integer> heap = new PriorityQueue<>(K,
        (a, b) -> Double.compare(scores[a], scores[b]));
    for (int i = 0; i < VECTORS; i++) {
      if (category != null && !category.equals(categories[i])) {
        continue;
      }
      float[] v = vectors[i];
      double dot = 0;
      double norm = 0;
      for (int d = 0; d < DIMENSIONS; d++) {
        dot += query[d] * v[d];
        norm += v[d] * v[d];
      }
      scores[i] = dot / (queryNorm * Math.sqrt(norm));
      if (heap.size() < K) {
        heap.add(i);
      }
      else if (scores[i] > scores[heap.element()]) {
        heap.poll();
        heap.add(i);
      }
    }
    int[] top = new int[heap.size()];
    for (int i = top.length - 1; i >= 0; i--) {
      top[i] = heap.poll();
    }
    return top;
  }
}
