package dev.betterconvex.orm.security;

import dev.betterconvex.orm.query.Filter;
import dev.betterconvex.orm.store.Document;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The test a policy applies to a row: either declarative, a {@link Filter} built from the
 * context (which reads also add to the query, so the planner can use an index for it), or a
 * Java predicate over the row and the context (run on every row read or written).
 */
public sealed interface Condition {

  /**
   * A declarative condition: {@code where(ctx -> eq("ownerId", ctx.principal()))}. Fields are
   * document fields or entity properties of the policy's table.
   */
  static Condition where(Function<PolicyContext, Filter> filter) {
    return new Declarative(Objects.requireNonNull(filter, "filter"));
  }

  /** A Java condition, run on every row: {@code test((row, ctx) -> ...)}. */
  static Condition test(BiPredicate<Document, PolicyContext> predicate) {
    return new Predicate(Objects.requireNonNull(predicate, "predicate"));
  }

  /** A condition every row passes. */
  static Condition always() {
    return where(ctx -> new Filter.And(java.util.List.of()));
  }

  /**
   * A declarative condition.
   *
   * @param filter builds the filter for a context
   */
  record Declarative(Function<PolicyContext, Filter> filter) implements Condition {
  }

  /**
   * A Java condition.
   *
   * @param predicate the test of a row in a context
   */
  record Predicate(BiPredicate<Document, PolicyContext> predicate) implements Condition {
  }
}
