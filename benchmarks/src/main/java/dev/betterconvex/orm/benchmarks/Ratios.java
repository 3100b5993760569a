package dev.betterconvex.orm.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EngineVsJdbcBenchmarks} and prints, per operation and database, the engine's and
 * plain JDBC's average time and their ratio as a markdown table.
 *
 * <p>Takes the usual JMH command-line options, e.g. {@code -wi 2 -i 3 -f 1} for a short run or
 * {@code -p database=H2} for one database:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.betterconvex.orm.benchmarks.Ratios}.
 */
public final class Ratios {

  private static final String[] OPERATIONS = {"Insert", "GetById", "IndexRange"};

  private Ratios() {
  }

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      builder.include(EngineVsJdbcBenchmarks.class.getName() + "\\.");
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.println(table(results));
  }

  /** Formats the results as a markdown table of µs/op (± the 99.9% error) and ratios. */
  static String table(Collection<RunResult> results) {
    // operation -> setting (the parameters, e.g. "H2") -> variant ("engine"/"jdbc") -> result
    Map<String, Map<String, Map<String, Result<?>>>> byOperation = new LinkedHashMap<>();
    for (String operation : OPERATIONS) {
      byOperation.put(operation, new LinkedHashMap<>());
    }
    // Parameters other than the database are shown only when they vary between runs.
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (RunResult run : results) {
      for (String key : run.getParams().getParamsKeys()) {
        values.computeIfAbsent(key, k -> new TreeSet<>()).add(run.getParams().getParam(key));
      }
    }
    for (RunResult run : results) {
      String method = run.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      String variant = method.startsWith("engine") ? "engine"
          : method.startsWith("jdbc") ? "jdbc" : null;
      if (variant == null) {
        continue;
      }
      String operation = method.substring(variant.length());
      List<String> settings = new ArrayList<>();
      for (String key : run.getParams().getParamsKeys()) {
        String value = run.getParams().getParam(key);
        if ("database".equals(key)) {
          settings.add(0, value);
        }
        else if (values.get(key).size() > 1) {
          settings.add(key + "=" + value);
        }
      }
      byOperation.computeIfAbsent(operation, k -> new LinkedHashMap<>())
          .computeIfAbsent(String.join(", ", settings), k -> new LinkedHashMap<>())
          .put(variant, run.getPrimaryResult());
    }
    StringBuilder out = new StringBuilder();
    out.append("| operation | database | engine µs/op | JDBC µs/op | engine / JDBC |\n");
    out.append("|---|---|---:|---:|---:|\n");
    byOperation.forEach((operation, bySetting) -> bySetting.forEach((setting, variants) -> {
      Result<?> engine = variants.get("engine");
      Result<?> jdbc = variants.get("jdbc");
      out.append("| ").append(operation).append(" | ").append(setting).append(" | ")
          .append(format(engine)).append(" | ").append(format(jdbc)).append(" | ")
          .append(ratio(engine, jdbc)).append(" |\n");
    }));
    return out.toString();
  }

  private static String format(Result<?> result) {
    if (result == null) {
      return "–";
    }
    return number(result.getScore()) + " ± " + number(error(result));
  }

  /** The ratio, with its error from the relative errors of both sides (first order). */
  private static String ratio(Result<?> engine, Result<?> jdbc) {
    if (engine == null || jdbc == null || jdbc.getScore() == 0) {
      return "–";
    }
    double ratio = engine.getScore() / jdbc.getScore();
    double relative = Math.hypot(error(engine) / engine.getScore(), error(jdbc) / jdbc.getScore());
    return String.format(Locale.ROOT, "%.2f ± %.2f", ratio, ratio * relative);
  }

  private static double error(Result<?> result) {
    double error = result.getScoreError();
    return Double.isNaN(error) ? 0 : error;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }
}
