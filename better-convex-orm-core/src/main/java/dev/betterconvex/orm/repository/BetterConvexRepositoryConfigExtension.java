package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.schema.annotation.Table;
import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.data.repository.config.RepositoryConfigurationExtensionSupport;
import org.springframework.data.repository.config.RepositoryConfigurationSource;

/**
 * Registers Better Convex repositories with Spring Data's repository configuration. With several
 * Spring Data modules on the class path (strict mode), a repository is ours when it extends
 * {@link BetterConvexRepository} or manages a type annotated with our {@link Table @Table}.
 */
public class BetterConvexRepositoryConfigExtension extends RepositoryConfigurationExtensionSupport {

  @Override
  public String getModuleName() {
    return "Better Convex";
  }

  @Override
  public String getModuleIdentifier() {
    return getModulePrefix();
  }

  @Override
  @SuppressWarnings("deprecation")
  protected String getModulePrefix() {
    return "better-convex";
  }

  @Override
  public String getRepositoryFactoryBeanClassName() {
    return BetterConvexRepositoryFactoryBean.class.getName();
  }

  @Override
  public String getRepositoryBaseClassName() {
    return SimpleBetterConvexRepository.class.getName();
  }

  @Override
  public void postProcess(BeanDefinitionBuilder builder, RepositoryConfigurationSource source) {
    source.getAttribute("ormRef").ifPresent(ref -> builder.addPropertyReference("orm", ref));
  }

  @Override
  protected Collection<Class<? extends Annotation>> getIdentifyingAnnotations() {
    return List.of(Table.class);
  }

  @Override
  protected Collection<Class<?>> getIdentifyingTypes() {
    return List.of(BetterConvexRepository.class);
  }
}
