package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Declares one aggregate index inside {@link TableBuilder#aggregateIndex(String)}:
 * {@code t.aggregateIndex("by_org").on("orgId").sum("views").min("views").max("views")}. Every
 * aggregate index counts the rows of each bucket. Nothing is checked here; the schema is
 * validated when it is built.
 */
public final class AggregateIndexBuilder {

  private final String name;
  private final List<String> on = new ArrayList<>();
  private final List<String> sum = new ArrayList<>();
  private final List<String> min = new ArrayList<>();
  private final List<String> max = new ArrayList<>();

  AggregateIndexBuilder(String name) {
    this.name = name;
  }

  /** Adds the fields whose value tuple names a bucket (in key order). */
  public AggregateIndexBuilder on(String... fields) {
    on.addAll(List.of(fields));
    return this;
  }

  /** Adds {@code int64} or {@code float64} fields whose sum (and average) each bucket keeps. */
  public AggregateIndexBuilder sum(String... fields) {
    sum.addAll(List.of(fields));
    return this;
  }

  /** Adds fields whose smallest value each bucket answers. */
  public AggregateIndexBuilder min(String... fields) {
    min.addAll(List.of(fields));
    return this;
  }

  /** Adds fields whose largest value each bucket answers. */
  public AggregateIndexBuilder max(String... fields) {
    max.addAll(List.of(fields));
    return this;
  }

  AggregateIndexSchema build() {
    return new AggregateIndexSchema(name, on, sum, min, max);
  }
}
