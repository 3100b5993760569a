package dev.betterconvex.orm.autoconfigure.diagnostics;

import dev.betterconvex.orm.schema.InvalidSchemaException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link InvalidSchemaException}: every problem, one per line. */
class InvalidSchemaFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSchemaException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSchemaException cause) {
    StringBuilder description = new StringBuilder("The Better Convex schema is invalid (")
        .append(cause.problems().size())
        .append(cause.problems().size() == 1 ? " problem):" : " problems):");
    cause.problems().forEach(problem -> description.append("\n\n    ").append(problem));
    return new FailureAnalysis(description.toString(), "Fix the @Table entities (or the Schema "
        + "bean) as each problem says. The schema is built from the @Table classes in the "
        + "application's packages, or in the packages of @EntityScan.", cause);
  }
}
