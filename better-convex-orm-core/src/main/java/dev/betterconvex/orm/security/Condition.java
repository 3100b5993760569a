package dev.betterconvex.orm.security;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.store.Document;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The test a policy applies to a row: either declarative, a {@link Filter} built from the
 * context (which reads also add to the query, so the planner can use an index for it), or a
 * Java predicate over the row and the context (run on every row read or written). Either way,
 * a condition that reads an absent context value (the principal of an anonymous caller, a
 * missing attribute: see {@link PolicyContext}) grants nothing, whatever filter or answer it
 * builds from it.
 */
public sealed interface Condition {

  /**
   * A declarative condition: {@code where(ctx -> eq("ownerId", ctx.principal()))}. Fields are
   * document fields or entity properties of the policy's table. For a context in which the
   * function reads an absent value, the condition matches no row.
   */
  static Condition where(Function<PolicyContext, Filter> filter) {
    return new Declarative(Objects.requireNonNull(filter, "filter"));
  }

  /**
   * A Java condition, run on every row: {@code test((row, ctx) -> ...)}. A run that reads an
   * absent context value fails, whatever the predicate answers.
   */
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
