package dev.betterconvex.orm.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every workload of {@link WorkloadBenchmarks} for every peer, database by database, then
 * counts the statements and round trips of one operation of each, and prints per database the
 * ratio of each peer's average time to plain JDBC's with those counts, as markdown tables.
 *
 * <p>Arguments are JMH's options ({@code -wi 2 -i 3 -r 1s} for a short run, {@code -p
 * database=H2}, {@code -p peer=jdbc,orm}, a regular expression selecting workloads such as
 * {@code 'getById|firstPage'}), plus {@code -rounds N} to repeat the timed runs N times (medians
 * and the ratio's range are printed) and {@code -counts} to count without timing. Unless
 * {@code -p scale=1,10} to run each database at 1 and 10 times the rows with the same reads. Unless
 * {@code -f} is given, JMH runs in this JVM ({@code -f 0}), so each database is seeded once for
 * all the benchmarks: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.betterconvex.orm.benchmarks.WorkloadRatios -wi 2 -i 3 -r 1s}.
 */
public final class WorkloadRatios {

  private static final List<String> DATABASES = List.of("H2", "PostgreSQL");
  private static final int COUNTED_RUNS = 3;

  private WorkloadRatios() {
  }

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    int rounds = 1;
    int at = rest.indexOf("-rounds");
    if (at >= 0) {
      rounds = Integer.parseInt(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    boolean countsOnly = rest.remove("-counts");
    CommandLineOptions given = new CommandLineOptions(rest.toArray(String[]::new));
    // The regular expressions choose workloads here; each JMH run then includes exactly one
    // workload. Left in the parent options, JMH would add them to every run's includes (and
    // match other benchmark classes too), and each run would report other workloads as its own.
    List<String> includes = given.getIncludes();
    rest.removeIf(includes::contains);
    CommandLineOptions cli = new CommandLineOptions(rest.toArray(String[]::new));
    List<String> databases = cli.getParameter("database").hasValue()
        ? new ArrayList<>(cli.getParameter("database").get()) : DATABASES;
    List<Peer.Kind> peers = cli.getParameter("peer").hasValue()
        ? cli.getParameter("peer").get().stream().map(Peer.Kind::valueOf).toList()
        : List.of(Peer.Kind.values());
    List<Integer> scales = cli.getParameter("scale").hasValue()
        ? cli.getParameter("scale").get().stream().map(Integer::valueOf).toList() : List.of(1);
    List<Workload> workloads = Arrays.stream(Workload.values())
        .filter(w -> includes.isEmpty() || includes.stream()
            .anyMatch(regex -> Pattern.compile(regex).matcher(w.name()).find()))
        .toList();

    StringBuilder report = new StringBuilder();
    for (String database : databases) {
      for (int scale : scales) {
        WorkloadData.Size size = WorkloadData.Size.scaled(scale);
        RatioTable table = new RatioTable(database + (size.equals(WorkloadData.Size.BENCHMARK)
            ? "" : " (" + size.users() + " users, " + size.posts() + " posts)"), workloads, peers);
        for (int round = 0; round < rounds && !countsOnly; round++) {
          for (Workload workload : workloads) {
            for (RunResult run
                : new Runner(options(cli, database, scale, workload, peers)).run()) {
              table.add(workload, Peer.Kind.valueOf(run.getParams().getParam("peer")),
                  run.getPrimaryResult());
            }
          }
        }
        WorkloadFixture fixture = WorkloadFixture.open(database, size);
        for (Workload workload : workloads) {
          for (Peer.Kind peer : peers) {
            table.count(workload, peer,
                OperationCount.of(fixture, workload, peer, COUNTED_RUNS));
          }
        }
        WorkloadFixture.close(database);
        report.append(table.format(rounds, countsOnly)).append('\n');
        System.out.println();
        System.out.println(table.format(rounds, countsOnly));
      }
    }
    System.out.println();
    System.out.println("All databases:");
    System.out.println();
    System.out.println(report);
  }

  private static org.openjdk.jmh.runner.options.Options options(CommandLineOptions cli,
      String database, int scale, Workload workload, List<Peer.Kind> peers) {
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli);
    options.include(Pattern.quote(WorkloadBenchmarks.class.getName() + "." + workload.name())
        + "$");
    options.param("database", database);
    options.param("scale", Integer.toString(scale));
    options.param("peer", peers.stream().map(Enum::name).toArray(String[]::new));
    if (!cli.getForkCount().hasValue()) {
      options.forks(0);
    }
    return options.build();
  }

  /** The results of one database: scores per round and counts, by workload and peer. */
  static final class RatioTable {

    private final String database;
    private final List<Workload> workloads;
    private final List<Peer.Kind> peers;
    private final Map<String, List<Result<?>>> scores = new LinkedHashMap<>();
    private final Map<String, OperationCount> counts = new LinkedHashMap<>();

    RatioTable(String database, List<Workload> workloads, List<Peer.Kind> peers) {
      this.database = database;
      this.workloads = workloads;
      this.peers = peers;
    }

    void add(Workload workload, Peer.Kind peer, Result<?> result) {
      scores.computeIfAbsent(key(workload, peer), k -> new ArrayList<>()).add(result);
    }

    void count(Workload workload, Peer.Kind peer, OperationCount count) {
      counts.put(key(workload, peer), count);
    }

    private static String key(Workload workload, Peer.Kind peer) {
      return workload.name() + "/" + peer.name();
    }

    String format(int rounds, boolean countsOnly) {
      return RatioFormat.format(database, workloads, peers, scores, counts, rounds, countsOnly);
    }
  }
}
