package dev.betterconvex.orm.repository;

import java.lang.annotation.Annotation;
import org.springframework.data.repository.config.RepositoryBeanDefinitionRegistrarSupport;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/** Registers the repositories {@link EnableBetterConvexRepositories} finds. */
class BetterConvexRepositoriesRegistrar extends RepositoryBeanDefinitionRegistrarSupport {

  @Override
  protected Class<? extends Annotation> getAnnotation() {
    return EnableBetterConvexRepositories.class;
  }

  @Override
  protected RepositoryConfigurationExtension getExtension() {
    return new BetterConvexRepositoryConfigExtension();
  }
}
