package dev.betterconvex.orm.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of repository calls. Declare a bean to replace
 * {@link DefaultRepositoryObservationConvention}.
 */
public interface RepositoryObservationConvention
    extends ObservationConvention<RepositoryObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof RepositoryObservationContext;
  }
}
