package dev.betterconvex.sample;

import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A load driver run by hand, never by the build: starts the sample on a random port (an H2
 * file database in a temporary directory, or {@code postgres} for an embedded PostgreSQL),
 * signs 8 clients in once
 * each (ada, bob and cy in turn), and has them call the API for a while, 4 reads (the project
 * list) for each write (a new project). Prints requests per second, p50 and p99. A third
 * argument {@code basic} sends the password on every request instead, for comparison.
 *
 * <pre>
 * mvn -pl sample-app -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat sample-app/cp.txt):sample-app/target/classes:sample-app/target/test-classes" \
 *     dev.betterconvex.sample.SampleLoad h2 30      # or: postgres 30
 * </pre>
 */
public final class SampleLoad {

  private static final int CLIENTS = 8;
  private static final String[] USERS = {"ada", "bob", "cy"};

  private SampleLoad() {
  }

  public static void main(String[] args) throws Exception {
    boolean postgres = args.length > 0 && args[0].equals("postgres");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    boolean basicEveryTime = args.length > 2 && args[2].equals("basic");
    TestDatabase database = postgres ? TestDatabases.create(TestDatabase.Kind.POSTGRESQL) : null;
    List<String> properties = new ArrayList<>(List.of("server.port=0",
        "logging.level.root=warn"));
    if (database != null) {
      properties.addAll(List.of("spring.datasource.url=" + database.jdbcUrl(),
          "spring.datasource.username=postgres", "spring.datasource.password=postgres"));
    }
    else {
      // A file database in a fresh directory, as the sample runs by default.
      properties.add("spring.datasource.url=jdbc:h2:file:"
          + Files.createTempDirectory("sample-load").resolve("sample") + ";AUTO_SERVER=FALSE");
    }
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
        SampleApplication.class).properties(properties.toArray(String[]::new)).run()) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      run("http://localhost:" + port, seconds, basicEveryTime,
          (postgres ? "PostgreSQL" : "H2") + (basicEveryTime ? ", Basic on every request" : ""));
    }
    finally {
      if (database != null) {
        TestDatabases.drop(database);
      }
    }
  }

  private static void run(String base, int seconds, boolean basicEveryTime, String name)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<List<Long>>> clients = new ArrayList<>();
    // Warm up for a fifth of the time, then measure.
    long start = System.nanoTime() + Duration.ofSeconds(seconds).toNanos() / 5;
    long end = start + Duration.ofSeconds(seconds).toNanos();
    for (int c = 0; c < CLIENTS; c++) {
      String user = USERS[c % USERS.length];
      clients.add(pool.submit(() -> client(http, base, user, basicEveryTime, start, end)));
    }
    List<Long> latencies = new ArrayList<>();
    for (Future<List<Long>> client : clients) {
      latencies.addAll(client.get());
    }
    pool.shutdown();
    Collections.sort(latencies);
    double rate = latencies.size() / (double) seconds;
    System.out.printf("%s: %d clients, %d requests in %d s: %.0f requests/s, p50 %.1f ms, "
        + "p99 %.1f ms%n", name, CLIENTS, latencies.size(), seconds, rate,
        percentile(latencies, 0.50), percentile(latencies, 0.99));
  }

  private static List<Long> client(HttpClient http, String base, String user,
      boolean basicEveryTime, long start, long end) throws Exception {
    String basic = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + "/projects"))
        .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; System.nanoTime() < end; i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/projects"))
          .header(basicEveryTime ? "Authorization" : "Cookie", basicEveryTime ? basic : cookie);
      if (i % 5 == 4) {
        request.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"load " + i + "\"}"));
      }
      long before = System.nanoTime();
      HttpResponse<Void> response = http.send(request.build(),
          HttpResponse.BodyHandlers.discarding());
      long took = System.nanoTime() - before;
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(user + " got " + response.statusCode());
      }
      if (before >= start) {
        latencies.add(took);
      }
    }
    return latencies;
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
  }
}
