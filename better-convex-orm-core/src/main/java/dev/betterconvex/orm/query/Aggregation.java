package dev.betterconvex.orm.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@link FindQuery#aggregate aggregate} or {@link GroupByQuery group by} computes
 * besides the row count (always given): {@code Aggregation.of().sum("views").avg("views")
 * .min("publishedAt").max("publishedAt")}. Immutable: each call returns a new one. Fields are
 * document fields or entity property names.
 */
public final class Aggregation {

  private static final Aggregation NONE = new Aggregation(List.of(), List.of(), List.of(),
      List.of());

  private final List<String> sum;
  private final List<String> avg;
  private final List<String> min;
  private final List<String> max;

  private Aggregation(List<String> sum, List<String> avg, List<String> min, List<String> max) {
    this.sum = List.copyOf(sum);
    this.avg = List.copyOf(avg);
    this.min = List.copyOf(min);
    this.max = List.copyOf(max);
  }

  /** Returns the aggregation of the row count only. */
  public static Aggregation of() {
    return NONE;
  }

  /** Adds the sums of {@code fields} (int64 or float64; rows where one is missing or null add nothing). */
  public Aggregation sum(String... fields) {
    return new Aggregation(add(sum, fields), avg, min, max);
  }

  /** Adds the averages of {@code fields} over the rows where each is present and not null. */
  public Aggregation avg(String... fields) {
    return new Aggregation(sum, add(avg, fields), min, max);
  }

  /** Adds the smallest present, non-null value of {@code fields} (in the Convex order). */
  public Aggregation min(String... fields) {
    return new Aggregation(sum, avg, add(min, fields), max);
  }

  /** Adds the largest present, non-null value of {@code fields} (in the Convex order). */
  public Aggregation max(String... fields) {
    return new Aggregation(sum, avg, min, add(max, fields));
  }

  List<String> sum() {
    return sum;
  }

  List<String> avg() {
    return avg;
  }

  List<String> min() {
    return min;
  }

  List<String> max() {
    return max;
  }

  /** The fields whose sums are needed: those summed and those averaged. */
  Set<String> summed() {
    Set<String> fields = new LinkedHashSet<>(sum);
    fields.addAll(avg);
    return fields;
  }

  /** The same aggregation over resolved field names. */
  Aggregation map(java.util.function.UnaryOperator<String> field) {
    return new Aggregation(sum.stream().map(field).toList(), avg.stream().map(field).toList(),
        min.stream().map(field).toList(), max.stream().map(field).toList());
  }

  private static List<String> add(List<String> to, String[] fields) {
    List<String> result = new ArrayList<>(to);
    for (String field : fields) {
      if (field == null || field.isEmpty()) {
        throw new IllegalArgumentException("An aggregated field name must not be empty");
      }
      result.add(field);
    }
    return result;
  }

  @Override
  public String toString() {
    return "Aggregation[sum=" + sum + ", avg=" + avg + ", min=" + min + ", max=" + max + "]";
  }
}
