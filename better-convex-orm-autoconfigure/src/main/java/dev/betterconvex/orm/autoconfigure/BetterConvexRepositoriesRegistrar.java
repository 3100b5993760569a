package dev.betterconvex.orm.autoconfigure;

import dev.betterconvex.orm.repository.BetterConvexRepositoryConfigExtension;
import dev.betterconvex.orm.repository.EnableBetterConvexRepositories;
import java.lang.annotation.Annotation;
import org.springframework.boot.autoconfigure.data.AbstractRepositoryConfigurationSourceSupport;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/**
 * Registers the repositories of the auto-configuration packages, as
 * {@code @EnableBetterConvexRepositories} would.
 */
class BetterConvexRepositoriesRegistrar extends AbstractRepositoryConfigurationSourceSupport {

  @Override
  protected Class<? extends Annotation> getAnnotation() {
    return EnableBetterConvexRepositories.class;
  }

  @Override
  protected Class<?> getConfiguration() {
    return EnableBetterConvexRepositoriesConfiguration.class;
  }

  @Override
  protected RepositoryConfigurationExtension getRepositoryConfigurationExtension() {
    return new BetterConvexRepositoryConfigExtension();
  }

  @EnableBetterConvexRepositories
  private static final class EnableBetterConvexRepositoriesConfiguration {
  }
}
