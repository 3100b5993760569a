package dev.betterconvex.orm.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of repository observations: the observation
 * {@value #NAME}, with the low-cardinality tags {@code table}, {@code operation},
 * {@code index}, {@code repository} (the interface's simple name) and {@code method}. Every
 * value comes from the code, never from arguments.
 */
public class DefaultRepositoryObservationConvention implements RepositoryObservationConvention {

  /** The name of repository observations. */
  public static final String NAME = "better-convex.repository";

  @Override
  public String getName() {
    return NAME;
  }

  /** Returns {@code "<table> <operation>"}, for example {@code "notes findMany"}. */
  @Override
  public String getContextualName(RepositoryObservationContext context) {
    return context.getOperation().table() + " " + context.getOperation().operation();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(RepositoryObservationContext context) {
    return KeyValues.of(
        "table", context.getOperation().table(),
        "operation", context.getOperation().operation(),
        "index", context.getOperation().index(),
        "repository", context.getRepositoryInterface().getSimpleName(),
        "method", context.getMethod().getName());
  }
}
