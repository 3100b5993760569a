package dev.betterconvex.orm.autoconfigure;

import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.security.PolicyContextProvider;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import io.micrometer.observation.ObservationRegistry;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScanner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configuration for Better Convex ORM: the schema from the {@link Table @Table} entities
 * in the application's packages (or {@code @EntityScan}), the {@link ConvexEngine} on the
 * application's {@link DataSource}, joining its transaction manager, and the {@link ConvexOrm}
 * over it, running the entity callbacks of the context ({@code dev.betterconvex.orm.callback};
 * auditing and Bean Validation are callbacks).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class})
@ConditionalOnClass(ConvexEngine.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(BetterConvexProperties.class)
public final class BetterConvexAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Schema betterConvexSchema(ApplicationContext context) throws ClassNotFoundException {
    Set<Class<?>> entities = new EntityScanner(context).scan(Table.class);
    return Schema.fromEntities(entities.stream()
        .sorted(java.util.Comparator.comparing(Class::getName))
        .toArray(Class<?>[]::new));
  }

  @Bean
  @ConditionalOnMissingBean
  ConvexEngine convexEngine(DataSource dataSource, Schema schema, BetterConvexProperties properties,
      ObjectProvider<PlatformTransactionManager> transactionManager) {
    ConvexEngine.Builder builder = ConvexEngine.builder(dataSource, schema)
        .settings(properties.toSettings());
    transactionManager.ifUnique(builder::transactionManager);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  ConvexOrm convexOrm(ConvexEngine engine, BetterConvexProperties properties,
      ObjectProvider<RowLevelSecurity> rowLevelSecurity,
      ObjectProvider<PolicyContextProvider> policyContexts,
      ObjectProvider<ObservationRegistry> observations, Environment environment,
      BeanFactory beanFactory) {
    ConvexOrm orm = new ConvexOrm(engine, properties.toOrmSettings())
        .withEntityLifecycle(EntityLifecycle.of(beanFactory));
    ObservationRegistry registry = observations.getIfUnique();
    if (registry != null && environment.getProperty(
        "better-convex.orm.observations.queries.enabled", Boolean.class, true)) {
      orm = orm.withObservations(registry);
    }
    RowLevelSecurity policies = rowLevelSecurity.getIfAvailable();
    PolicyContextProvider contexts = policyContexts.getIfAvailable();
    return policies != null && contexts != null ? orm.withRowLevelSecurity(policies, contexts)
        : orm;
  }

  @Bean
  @ConditionalOnMissingBean
  ConvexMutations convexMutations(ConvexOrm orm, BetterConvexProperties properties) {
    return new ConvexMutations(orm, properties.toMutationSettings());
  }
}
