package dev.betterconvex.orm.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.relational.RelationalManagedTypes;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring Data JDBC peer of {@link RelationsBenchmarks}: the user as an aggregate root that
 * owns its posts ({@code @MappedCollection}), read with {@link JdbcAggregateOperations#findAll}
 * in one read-only transaction, on the same plain tables as the JDBC peer. Set up the way Spring
 * Data JDBC documents it without Spring Boot: an {@link AbstractJdbcConfiguration} with a
 * {@code DataSource}, a {@code NamedParameterJdbcOperations} and a transaction manager.
 */
final class SpringDataJdbcRelationsPeer implements AutoCloseable {

  @Table("rel_posts")
  record SdjPost(@Id Long id, String title, long score) {
  }

  @Table("rel_users")
  record SdjUser(@Id Long id, String name,
      @MappedCollection(idColumn = "user_id") Set<SdjPost> posts) {
  }

  @Configuration(proxyBeanMethods = false)
  static class Config extends AbstractJdbcConfiguration {

    @Bean
    NamedParameterJdbcOperations namedParameterJdbcOperations(DataSource dataSource) {
      return new NamedParameterJdbcTemplate(dataSource);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }

    /** Plain identifiers, so H2 and PostgreSQL both find the unquoted tables of the JDBC peer. */
    @Override
    public JdbcMappingContext jdbcMappingContext(Optional<NamingStrategy> namingStrategy,
        JdbcCustomConversions customConversions, RelationalManagedTypes jdbcManagedTypes) {
      JdbcMappingContext context = super.jdbcMappingContext(namingStrategy, customConversions,
          jdbcManagedTypes);
      context.setForceQuote(false);
      return context;
    }
  }

  private final AnnotationConfigApplicationContext context;
  private final JdbcAggregateOperations aggregates;
  private final TransactionTemplate readOnly;

  SpringDataJdbcRelationsPeer(DataSource dataSource) {
    context = new AnnotationConfigApplicationContext();
    // A delegate, so closing the context does not destroy the benchmark's data source.
    context.registerBean(DataSource.class, () -> new DelegatingDataSource(dataSource));
    context.register(Config.class);
    context.refresh();
    aggregates = context.getBean(JdbcAggregateOperations.class);
    readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    readOnly.setReadOnly(true);
  }

  /** Every user aggregate with its posts. */
  List<SdjUser> findAll() {
    return readOnly.execute(status -> aggregates.findAll(SdjUser.class));
  }

  @Override
  public void close() {
    context.close();
  }
}
