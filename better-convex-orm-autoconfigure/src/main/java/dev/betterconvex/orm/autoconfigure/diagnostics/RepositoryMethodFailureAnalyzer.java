package dev.betterconvex.orm.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.data.repository.query.QueryCreationException;

/**
 * Reports a repository query method refused by the startup checks of a Better Convex
 * repository (their messages start with {@code Repository method <interface>.<method>}).
 */
class RepositoryMethodFailureAnalyzer extends AbstractFailureAnalyzer<QueryCreationException> {

  @Override
  protected @Nullable FailureAnalysis analyze(Throwable rootFailure,
      QueryCreationException cause) {
    String message = cause.getMessage();
    String prefix = "Repository method " + cause.getRepositoryInterface().getName() + ".";
    if (message == null || !message.startsWith(prefix)) {
      return null;
    }
    return new FailureAnalysis(message, "Change the repository method, or the entity, as the "
        + "description says: declare the index or unique constraint it names, bound the "
        + "result, or annotate the method with @AllowFullScan "
        + "(dev.betterconvex.orm.repository.AllowFullScan) when it may read the whole table. "
        + "Every query method is planned against the table's indexes when the repository is "
        + "created.", cause);
  }
}
