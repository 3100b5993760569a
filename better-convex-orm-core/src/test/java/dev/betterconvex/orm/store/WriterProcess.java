package dev.betterconvex.orm.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.value.ConvexInt64;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The child JVM of {@link CrashRecoveryTests} and {@link CrossProcessContentionTests}: writes
 * through {@link ConvexEngine#mutation} and reports on stdout.
 *
 * <ul>
 *   <li>{@code crash <jdbc-url> pooled|unpooled <seed>}: inserts, updates and deletes forever,
 *       printing {@code ? <op>} before each mutation and {@code ! <op>} after it returned.</li>
 *   <li>{@code count <jdbc-url> <id> <threads> <increments>}: after {@code GO} on stdin, each
 *       thread increments the counter {@code id} that many times; prints {@code DONE <failed>}.</li>
 * </ul>
 */
public final class WriterProcess {

  static final Schema SCHEMA = Schema.builder()
      .table("items", t -> {
        t.field("seq", FieldType.int64()).notNull();
        t.field("value", FieldType.int64()).notNull();
        t.index("by_value", "value");
      })
      .table("counters", t -> t.field("value", FieldType.int64()).notNull())
      .build();

  private WriterProcess() {
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("crash")) {
      crash(args[1], args[2].equals("pooled"), Long.parseLong(args[3]));
    }
    else {
      System.exit(count(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4])));
    }
  }

  static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (url.startsWith("jdbc:h2:")) {
      config.setUsername("sa");
    }
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  private static void crash(String url, boolean pooled, long seed) {
    // Unpooled, each transaction opens the database anew (H2 closes it with its last connection).
    DataSource dataSource = pooled ? pool(url, 4) : new DriverManagerDataSource(url, "sa", "");
    ConvexEngine engine = ConvexEngine.builder(dataSource, SCHEMA).build();
    say("READY");
    Random random = new Random(seed);
    List<String> live = new ArrayList<>();
    for (long seq = 1; ; seq++) {
      long value = seq;
      int op = live.size() < 5 ? 0 : random.nextInt(10);
      if (op < 6) {
        say("? I " + seq);
        String id = engine.mutation(tx -> tx.insert("items", Map.of("seq", value, "value", value)));
        live.add(id);
        say("! I " + seq + " " + id);
      }
      else if (op < 8) {
        String id = live.get(random.nextInt(live.size()));
        say("? U " + id + " " + value);
        engine.mutation(tx -> {
          tx.patch(id, Map.of("value", value));
          return null;
        });
        say("! U " + id + " " + value);
      }
      else {
        String id = live.remove(random.nextInt(live.size()));
        say("? D " + id);
        engine.mutation(tx -> {
          tx.delete(id);
          return null;
        });
        say("! D " + id);
      }
    }
  }

  private static int count(String url, String id, int threads, int increments) throws Exception {
    try (HikariDataSource dataSource = pool(url, threads)) {
      ConvexEngine engine = ConvexEngine.builder(dataSource, SCHEMA).build();
      say("READY");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        return 2;
      }
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            try {
              increment(engine, id);
            }
            catch (RuntimeException ex) {
              failed.incrementAndGet();
              say("FAILED " + ex);
            }
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
      say("DONE " + failed.get() + " " + engine.statistics());
      return failed.get() == 0 ? 0 : 1;
    }
  }

  static void increment(ConvexEngine engine, String id) {
    engine.mutation(tx -> {
      long value = ((ConvexInt64) tx.get(id).orElseThrow().get("value")).value();
      tx.patch(id, Map.of("value", value + 1));
      return null;
    });
  }

  /** Starts this class in a child JVM with the test's class path; its stderr goes to {@code log}. */
  static Process start(java.nio.file.Path log, String... args) throws java.io.IOException {
    List<String> command = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        WriterProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }

  private static void say(String line) {
    // One println on System.out is atomic, so log lines never split a report line.
    System.out.println(line);
    System.out.flush();
  }
}
