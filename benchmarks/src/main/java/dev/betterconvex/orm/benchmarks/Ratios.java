package dev.betterconvex.orm.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EngineVsJdbcBenchmarks} pair by pair and prints, per operation and database, the
 * engine's and plain JDBC's average time and their ratio as a markdown table.
 *
 * <p>Each engine benchmark runs right before its JDBC twin on the same database, so both see
 * the same machine; on a noisy machine, {@code -rounds N} repeats the whole sequence N times
 * and reports medians and the spread of the ratio over the rounds. Other arguments are JMH's
 * own options, e.g. {@code -wi 3 -i 3} for a shorter run or {@code -p database=H2} for one
 * database: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.betterconvex.orm.benchmarks.Ratios -rounds 3}.
 */
public final class Ratios {

  private static final List<String> OPERATIONS = List.of("Insert", "GetById", "IndexRange");
  private static final List<String> DATABASES = List.of("H2", "PostgreSQL");

  private Ratios() {
  }

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    int rounds = 1;
    List<String> jmhArgs = new ArrayList<>(Arrays.asList(args));
    int at = jmhArgs.indexOf("-rounds");
    if (at >= 0) {
      rounds = Integer.parseInt(jmhArgs.get(at + 1));
      jmhArgs.subList(at, at + 2).clear();
    }
    CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    List<String> databases = cli.getParameter("database").hasValue()
        ? new ArrayList<>(cli.getParameter("database").get()) : DATABASES;

    List<Pair> pairs = new ArrayList<>();
    for (String operation : OPERATIONS) {
      for (String database : databases) {
        pairs.add(new Pair(operation, database, new ArrayList<>(), new ArrayList<>()));
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (Pair pair : pairs) {
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        options.include(EngineVsJdbcBenchmarks.class.getName() + "\\.(engine|jdbc)"
            + pair.operation() + "$");
        options.param("database", pair.database());
        for (RunResult run : new Runner(options.build()).run()) {
          String method = run.getParams().getBenchmark();
          (method.endsWith(".engine" + pair.operation()) ? pair.engine() : pair.jdbc())
              .add(run.getPrimaryResult());
        }
      }
    }
    System.out.println();
    System.out.println(table(pairs, rounds));
  }

  /** One operation on one database: the engine's results and JDBC's, one per round. */
  record Pair(String operation, String database, List<Result<?>> engine,
      List<Result<?>> jdbc) {
  }

  /**
   * Formats the results as a markdown table: µs/op ± JMH's 99.9% error and the ratio ± its
   * propagated error for one round; medians and the ratio's median (min–max) for several.
   */
  static String table(Collection<Pair> pairs, int rounds) {
    StringBuilder out = new StringBuilder();
    out.append("| operation | database | engine µs/op | JDBC µs/op | engine / JDBC |\n");
    out.append("|---|---|---:|---:|---:|\n");
    for (Pair pair : pairs) {
      out.append("| ").append(pair.operation()).append(" | ").append(pair.database()).append(" | ");
      if (pair.engine().isEmpty() || pair.jdbc().isEmpty()
          || pair.engine().size() != pair.jdbc().size()) {
        out.append("– | – | – |\n");
      }
      else if (rounds == 1) {
        Result<?> engine = pair.engine().get(0);
        Result<?> jdbc = pair.jdbc().get(0);
        out.append(withError(engine)).append(" | ").append(withError(jdbc)).append(" | ")
            .append(ratioWithError(engine, jdbc)).append(" |\n");
      }
      else {
        double[] ratios = new double[pair.engine().size()];
        for (int i = 0; i < ratios.length; i++) {
          ratios[i] = pair.engine().get(i).getScore() / pair.jdbc().get(i).getScore();
        }
        Arrays.sort(ratios);
        out.append(number(median(pair.engine()))).append(" | ")
            .append(number(median(pair.jdbc()))).append(" | ")
            .append(String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(ratios), ratios[0],
                ratios[ratios.length - 1]))
            .append(" |\n");
      }
    }
    if (rounds > 1) {
      out.append("\nMedians over ").append(rounds)
          .append(" rounds; the ratio's range over the rounds in parentheses.\n");
    }
    return out.toString();
  }

  private static String withError(Result<?> result) {
    double error = result.getScoreError();
    return Double.isNaN(error) ? number(result.getScore())
        : number(result.getScore()) + " ± " + number(error);
  }

  /** The ratio, with its error from the relative errors of both sides (first order). */
  private static String ratioWithError(Result<?> engine, Result<?> jdbc) {
    double ratio = engine.getScore() / jdbc.getScore();
    if (Double.isNaN(engine.getScoreError()) || Double.isNaN(jdbc.getScoreError())) {
      return String.format(Locale.ROOT, "%.2f", ratio);
    }
    double relative = Math.hypot(error(engine) / engine.getScore(), error(jdbc) / jdbc.getScore());
    return String.format(Locale.ROOT, "%.2f ± %.2f", ratio, ratio * relative);
  }

  private static double error(Result<?> result) {
    return result.getScoreError();
  }

  private static double median(List<Result<?>> results) {
    return median(results.stream().mapToDouble(Result::getScore).sorted().toArray());
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f",
        value);
  }
}
