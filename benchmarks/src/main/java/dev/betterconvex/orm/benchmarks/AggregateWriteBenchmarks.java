package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Issue 16's write cost of one aggregate index: one ORM insert, update (of the summed field, the
 * row staying in its bucket) and delete by id into a table with the aggregate index
 * {@code on = tenant, sum = amount}, against the same write into the same table without it, on
 * one database holding both ({@value #POOL} rows each, over 16 tenants). The statements each
 * write runs (begin and commit included) are printed at setup. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar AggregateWrite}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AggregateWriteBenchmarks {

  static final int POOL = 2_000;

  static final Schema SCHEMA = Schema.builder()
      .table("sales", t -> {
        t.field("tenant", FieldType.string()).notNull();
        t.field("amount", FieldType.int64()).notNull();
        t.index("by_tenant", "tenant");
        t.aggregateIndex("agg_tenant").on("tenant").sum("amount");
      })
      .table("sales_plain", t -> {
        t.field("tenant", FieldType.string()).notNull();
        t.field("amount", FieldType.int64()).notNull();
        t.index("by_tenant", "tenant");
      })
      .build();

  /** One database with both tables loaded. */
  @State(Scope.Benchmark)
  public static class Data {

    @Param({"H2", "PostgreSQL"})
    public String database;

    BenchmarkDatabase db;
    CountingDataSource counting;
    ConvexMutations mutations;
    final Map<String, List<String>> ids = new java.util.HashMap<>();
    final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void load() {
      db = BenchmarkDatabase.start(database);
      counting = new CountingDataSource(db.dataSource());
      mutations = new ConvexMutations(new ConvexOrm(ConvexEngine.builder(counting.dataSource(),
          SCHEMA).build()));
      for (String table : List.of("sales", "sales_plain")) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
          rows.add(Map.of("tenant", "w" + i % 16, "amount", (long) i));
        }
        ids.put(table, mutations.insert(table).values(rows).returning().execute().rows()
            .stream().map(r -> r.id()).toList());
      }
      StringBuilder line = new StringBuilder("[" + database + "] statements per write:");
      for (String table : List.of("sales", "sales_plain")) {
        long start = counting.statements();
        var unusedInsert = insert(this, table);
        long inserted = counting.statements() - start;
        String id = mutations.insert(table).values(Map.of("tenant", tenant(), "amount", 1L))
            .returning().execute().rows().get(0).id();
        start = counting.statements();
        var unusedUpdate = update(this, table);
        long updated = counting.statements() - start;
        start = counting.statements();
        var unused = mutations.delete(table).where(eq("_id", id)).execute();
        long deleted = counting.statements() - start;
        line.append(' ').append(table).append(" insert ").append(inserted).append(", update ")
            .append(updated).append(", delete ").append(deleted).append(';');
      }
      System.out.println(line);
    }

    String tenant() {
      return "w" + counter.incrementAndGet() % 16;
    }

    String pooled(String table) {
      List<String> pool = ids.get(table);
      return pool.get((int) (counter.incrementAndGet() % pool.size()));
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  /** A row of each table inserted before each call, for the deletes. */
  @State(Scope.Thread)
  public static class Victims {

    String sales;
    String plain;

    @Setup(Level.Invocation)
    public void insert(Data data) {
      sales = data.mutations.insert("sales").values(Map.of("tenant", data.tenant(), "amount", 1L))
          .returning().execute().rows().get(0).id();
      plain = data.mutations.insert("sales_plain").values(Map.of("tenant", data.tenant(),
          "amount", 1L)).returning().execute().rows().get(0).id();
    }
  }

  @Benchmark
  public Object insertWithAggregateIndex(Data data) {
    return insert(data, "sales");
  }

  @Benchmark
  public Object insertWithoutAggregateIndex(Data data) {
    return insert(data, "sales_plain");
  }

  @Benchmark
  public Object updateWithAggregateIndex(Data data) {
    return update(data, "sales");
  }

  @Benchmark
  public Object updateWithoutAggregateIndex(Data data) {
    return update(data, "sales_plain");
  }

  @Benchmark
  public Object deleteWithAggregateIndex(Data data, Victims victims) {
    return data.mutations.delete("sales").where(eq("_id", victims.sales)).execute();
  }

  @Benchmark
  public Object deleteWithoutAggregateIndex(Data data, Victims victims) {
    return data.mutations.delete("sales_plain").where(eq("_id", victims.plain)).execute();
  }

  private static Object insert(Data data, String table) {
    return data.mutations.insert(table).values(Map.of("tenant", data.tenant(), "amount", 1L))
        .execute();
  }

  private static Object update(Data data, String table) {
    return data.mutations.update(table).set(Map.of("amount", data.counter.get() % 1_000))
        .where(eq("_id", data.pooled(table))).execute();
  }
}
