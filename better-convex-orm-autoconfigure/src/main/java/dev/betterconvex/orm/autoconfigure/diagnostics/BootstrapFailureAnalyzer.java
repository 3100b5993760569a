package dev.betterconvex.orm.autoconfigure.diagnostics;

import dev.betterconvex.orm.store.BootstrapException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link BootstrapException}: the engine could not prepare its tables, naming the
 * property to change where one is at fault.
 */
class BootstrapFailureAnalyzer extends AbstractFailureAnalyzer<BootstrapException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BootstrapException cause) {
    String action = cause.isSchemaMismatch()
        ? "Set better-convex.orm.bootstrap=create-or-upgrade (the default) to let the engine "
            + "create and upgrade its tables, or start once with it against this database."
        : "Check that spring.datasource.url names an H2 or PostgreSQL database the engine can "
            + "reach, and that its user may create tables (the engine keeps its data in the "
            + "bc_* tables of the schema it connects to).";
    return new FailureAnalysis("The Better Convex engine could not bootstrap its tables: "
        + cause.getMessage(), action, cause);
  }
}
