package dev.betterconvex.orm.autoconfigure;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import dev.betterconvex.orm.repository.BetterConvexRepositoryConfigExtension;
import dev.betterconvex.orm.repository.BetterConvexRepositoryFactoryBean;
import dev.betterconvex.orm.repository.EnableBetterConvexRepositories;
import dev.betterconvex.orm.store.ConvexEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for Better Convex repositories: the {@link BetterConvexRepository}
 * interfaces (and other Spring Data repositories of {@code @Table} entities) in the
 * application's packages become beans, their query methods checked against the indexes at
 * startup. Backs off when the application declares {@link EnableBetterConvexRepositories}, or
 * sets {@code better-convex.orm.repositories.enabled=false}. Window and Slice methods called
 * without a size read {@code better-convex.orm.repositories.default-page-size} rows.
 */
@AutoConfiguration(after = BetterConvexAutoConfiguration.class)
@ConditionalOnClass(BetterConvexRepository.class)
@ConditionalOnBean(ConvexEngine.class)
@ConditionalOnBooleanProperty(name = "better-convex.orm.repositories.enabled",
    matchIfMissing = true)
public final class BetterConvexRepositoriesAutoConfiguration {

  /**
   * Gives every repository factory bean the configured default page size, also those of an
   * application's own {@code @EnableBetterConvexRepositories}.
   */
  @Bean
  static BeanPostProcessor betterConvexRepositoriesDefaultPageSize(
      ObjectProvider<BetterConvexProperties> properties) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof BetterConvexRepositoryFactoryBean<?, ?> factoryBean) {
          properties.ifAvailable(p -> factoryBean.setDefaultPageSize(
              p.getRepositories().getDefaultPageSize()));
        }
        return bean;
      }
    };
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean({BetterConvexRepositoryFactoryBean.class,
      BetterConvexRepositoryConfigExtension.class})
  @Import(BetterConvexRepositoriesRegistrar.class)
  static class RepositoriesConfiguration {
  }
}
