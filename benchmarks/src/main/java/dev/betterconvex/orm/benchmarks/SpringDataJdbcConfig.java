package dev.betterconvex.orm.benchmarks;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcH2Dialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.relational.RelationalManagedTypes;
import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Data JDBC set up the way its reference documents it without Spring Boot: an
 * {@link AbstractJdbcConfiguration} with a {@code DataSource}, a
 * {@code NamedParameterJdbcOperations} and a transaction manager; the dialect of H2 or
 * PostgreSQL, unquoted identifiers, and single query loading on or off.
 */
@Configuration(proxyBeanMethods = false)
class SpringDataJdbcConfig extends AbstractJdbcConfiguration {

  /** Whether the mapping context loads aggregates with single query loading. */
  record SingleQueryLoading(boolean enabled) {
  }

  /** Starts a context over {@code dataSource}; closing it leaves the data source alone. */
  static AnnotationConfigApplicationContext start(DataSource dataSource, boolean singleQuery) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, () -> dataSource);
    context.registerBean(SingleQueryLoading.class, () -> new SingleQueryLoading(singleQuery));
    context.register(SpringDataJdbcConfig.class);
    context.refresh();
    return context;
  }

  private final SingleQueryLoading singleQueryLoading;

  SpringDataJdbcConfig(SingleQueryLoading singleQueryLoading) {
    this.singleQueryLoading = singleQueryLoading;
  }

  @Bean
  NamedParameterJdbcOperations namedParameterJdbcOperations(DataSource dataSource) {
    return new NamedParameterJdbcTemplate(dataSource);
  }

  @Bean
  PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new DataSourceTransactionManager(dataSource);
  }

  /**
   * Names the dialect instead of letting Spring Data look it up through
   * {@code META-INF/spring.factories}, which the shaded benchmarks jar does not merge.
   */
  @Override
  public JdbcDialect jdbcDialect(NamedParameterJdbcOperations operations) {
    String product = operations.getJdbcOperations().execute(
        (ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
    return product != null && product.contains("PostgreSQL") ? JdbcPostgresDialect.INSTANCE
        : JdbcH2Dialect.INSTANCE;
  }

  @Override
  public JdbcMappingContext jdbcMappingContext(Optional<NamingStrategy> namingStrategy,
      JdbcCustomConversions customConversions, RelationalManagedTypes jdbcManagedTypes) {
    JdbcMappingContext context = super.jdbcMappingContext(namingStrategy, customConversions,
        jdbcManagedTypes);
    context.setForceQuote(false);
    context.setSingleQueryLoadingEnabled(singleQueryLoading.enabled());
    return context;
  }
}
