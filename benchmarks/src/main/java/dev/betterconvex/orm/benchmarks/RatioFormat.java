package dev.betterconvex.orm.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;

/**
 * Formats the results of {@link WorkloadRatios} for one database as two markdown tables: each
 * peer's time as a ratio to plain JDBC's with its statements and round trips per operation, then
 * the times themselves (µs/op with JMH's 99.9% error, or the median and range over rounds).
 */
final class RatioFormat {

  private RatioFormat() {
  }

  static String format(String database, List<Workload> workloads, List<Peer.Kind> peers,
      Map<String, List<Result<?>>> scores, Map<String, OperationCount> counts, int rounds,
      boolean countsOnly) {
    StringBuilder out = new StringBuilder();
    out.append("### ").append(database).append("\n\n");
    out.append(countsOnly ? "Statements (st) and round trips (rt) per operation.\n\n"
        : "Time / plain JDBC's time (median over " + rounds + " round" + (rounds == 1 ? "" : "s")
            + (rounds > 1 ? ", range in parentheses" : "") + "), statements (st) and round "
            + "trips (rt) per operation.\n\n");
    header(out, peers);
    for (Workload workload : workloads) {
      out.append("| ").append(workload.description()).append(" |");
      double[] baseline = scores(scores, workload, Peer.Kind.jdbc);
      for (Peer.Kind peer : peers) {
        OperationCount count = counts.get(workload.name() + "/" + peer.name());
        String cost = count == null ? "" : count.format();
        double[] own = scores(scores, workload, peer);
        String time = countsOnly || own == null ? ""
            : peer == Peer.Kind.jdbc || baseline == null ? number(median(own)) + " µs"
            : ratio(own, baseline);
        out.append(' ').append(join(time, cost)).append(" |");
      }
      out.append('\n');
    }
    if (!countsOnly) {
      out.append("\nµs/op").append(rounds == 1 ? " ± 99.9% error" : ", median (min–max)")
          .append(":\n\n");
      header(out, peers);
      for (Workload workload : workloads) {
        out.append("| ").append(workload.description()).append(" |");
        for (Peer.Kind peer : peers) {
          List<Result<?>> own = scores.get(workload.name() + "/" + peer.name());
          out.append(' ').append(own == null ? "–" : time(own)).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static void header(StringBuilder out, List<Peer.Kind> peers) {
    out.append("| workload |");
    for (Peer.Kind peer : peers) {
      out.append(' ').append(title(peer)).append(" |");
    }
    out.append("\n|---|").append("---:|".repeat(peers.size())).append('\n');
  }

  private static String title(Peer.Kind peer) {
    return switch (peer) {
      case jdbc -> "plain JDBC";
      case springDataJdbc -> "Spring Data JDBC";
      case jpa -> "JPA/Hibernate";
      case orm -> "ORM";
      case engine -> "engine";
    };
  }

  private static double[] scores(Map<String, List<Result<?>>> scores, Workload workload,
      Peer.Kind peer) {
    List<Result<?>> results = scores.get(workload.name() + "/" + peer.name());
    return results == null ? null
        : results.stream().mapToDouble(Result::getScore).toArray();
  }

  /** The median ratio over the rounds, with its range when there are several. */
  private static String ratio(double[] own, double[] baseline) {
    int n = Math.min(own.length, baseline.length);
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      ratios[i] = own[i] / baseline[i];
    }
    String median = String.format(Locale.ROOT, "%.2f×", median(ratios));
    if (n == 1) {
      return median;
    }
    Arrays.sort(ratios);
    return median + String.format(Locale.ROOT, " (%.2f–%.2f)", ratios[0], ratios[n - 1]);
  }

  private static String time(List<Result<?>> results) {
    if (results.size() == 1) {
      Result<?> result = results.get(0);
      return Double.isNaN(result.getScoreError()) ? number(result.getScore())
          : number(result.getScore()) + " ± " + number(result.getScoreError());
    }
    double[] all = results.stream().mapToDouble(Result::getScore).sorted().toArray();
    return number(median(all)) + " (" + number(all[0]) + "–" + number(all[all.length - 1]) + ")";
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + " · " + b;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String number(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f",
        value);
  }
}
