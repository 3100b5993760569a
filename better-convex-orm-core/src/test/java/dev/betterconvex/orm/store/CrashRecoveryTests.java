package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.betterconvex.orm.value.ConvexInt64;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mutation the engine acknowledged survives {@code kill -9} of the process on an H2 file
 * database: a child JVM writes and reports each mutation once it returned, is killed at a random
 * moment, and the reopened database holds every acknowledged insert, update and delete.
 * PostgreSQL needs no such test here: a commit it acknowledged is the server's, not the
 * client process's.
 */
class CrashRecoveryTests {

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedMutationSurvivesKillingTheProcess() throws Exception {
    Random random = new Random();
    // Pooled: the database stays open. Unpooled: H2 closes it after each transaction and the
    // next one reopens it, which resets H2's write delay to its default. The last round's URL
    // asks for a write delay, which each new connection of the pool applies.
    String[] modes = {"pooled", "unpooled", "pooled"};
    for (int round = 0; round < modes.length; round++) {
      String url = "jdbc:h2:file:" + dir.resolve("round" + round).resolve("db")
          + (round == 2 ? ";WRITE_DELAY=500" : "");
      int acknowledgements = modes[round].equals("pooled")
          ? 40 + random.nextInt(200) : 5 + random.nextInt(40);
      Model model = killAfter(url, modes[round], random.nextLong(), acknowledgements,
          random.nextInt(20), dir.resolve("round" + round + ".log"));
      model.assertFoundIn(url);
    }
  }

  private static Model killAfter(String url, String mode, long seed, int acknowledgements,
      int extraMillis, Path log) throws IOException, InterruptedException {
    Process child = WriterProcess.start(log, "crash", url, mode, Long.toString(seed));
    Model model = new Model();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = out.readLine()) != null) {
        model.read(line);
        if (!killed && model.acknowledged >= acknowledgements) {
          Thread.sleep(extraMillis);
          // SIGKILL through the handle, which (unlike Process.destroyForcibly) leaves the pipe
          // open: the acknowledgements printed before the kill are still read.
          child.toHandle().destroyForcibly();
          killed = true;
        }
      }
      assertThat(killed).as("the writer died before it was killed; see " + log).isTrue();
    }
    finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return model;
  }

  /** What the child acknowledged, and the one mutation that was running when it died. */
  private static final class Model {

    final Map<String, Long> values = new HashMap<>();
    final Set<String> deleted = new HashSet<>();
    int acknowledged;
    @Nullable String[] inFlight;

    void read(String line) {
      String[] parts = line.split(" ");
      if (line.startsWith("? ")) {
        inFlight = parts;
      }
      else if (line.startsWith("! ")) {
        acknowledged++;
        inFlight = null;
        switch (parts[1]) {
          case "I" -> values.put(parts[3], Long.parseLong(parts[2]));
          case "U" -> values.put(parts[2], Long.parseLong(parts[3]));
          default -> {
            values.remove(parts[2]);
            deleted.add(parts[2]);
          }
        }
      }
    }

    void assertFoundIn(String url) throws Exception {
      try (HikariDataSource dataSource = WriterProcess.pool(url, 2)) {
        ConvexEngine engine = ConvexEngine.builder(dataSource, WriterProcess.SCHEMA).build();
        Map<String, Long> stored = new HashMap<>();
        engine.query(tx -> {
          for (Document d : tx.query("items").fullTableScan().collect()) {
            stored.put(d.id(), ((ConvexInt64) d.get("value")).value());
          }
          return null;
        });
        String[] last = inFlight;
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, Long> acked : values.entrySet()) {
          String id = acked.getKey();
          long expected = acked.getValue();
          if (last != null && last[1].equals("D") && last[2].equals(id)) {
            continue; // deleted or not: its delete was running
          }
          Long value = stored.get(id);
          boolean updating = last != null && last[1].equals("U") && last[2].equals(id);
          if (value == null) {
            lost.add("insert of " + id);
          }
          else if (value != expected && !(updating && value == Long.parseLong(last[3]))) {
            lost.add("update of " + id + " to " + expected + " (found " + value + ")");
          }
          else if (engine.<List<Document>>query(tx -> tx.query("items")
              .withIndex("by_value", r -> r.eq("value", value)).collect()).stream()
              .noneMatch(d -> d.id().equals(id))) {
            lost.add("index entry of " + id);
          }
        }
        for (String id : deleted) {
          if (stored.containsKey(id)) {
            lost.add("delete of " + id);
          }
        }
        assertThat(lost).as("acknowledged mutations missing after the crash, of "
            + acknowledged).isEmpty();
        Set<String> unknown = new HashSet<>(stored.keySet());
        unknown.removeAll(values.keySet());
        // At most the insert that was running when the process died.
        assertThat(unknown.size()).isLessThanOrEqualTo(last != null && last[1].equals("I") ? 1 : 0);
      }
    }
  }
}
