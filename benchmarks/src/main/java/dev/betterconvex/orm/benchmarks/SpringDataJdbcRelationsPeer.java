package dev.betterconvex.orm.benchmarks;

import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring Data JDBC peer of {@link RelationsBenchmarks}: the user as an aggregate root that
 * owns its posts ({@code @MappedCollection}), read with {@link JdbcAggregateOperations#findAll}
 * in one read-only transaction, on the same plain tables as the JDBC peer, set up by
 * {@link SpringDataJdbcConfig}.
 */
final class SpringDataJdbcRelationsPeer implements AutoCloseable {

  @Table("rel_posts")
  record SdjPost(@Id Long id, String title, long score) {
  }

  @Table("rel_users")
  record SdjUser(@Id Long id, String name,
      @MappedCollection(idColumn = "user_id") Set<SdjPost> posts) {
  }

  private final AnnotationConfigApplicationContext context;
  private final JdbcAggregateOperations aggregates;
  private final TransactionTemplate readOnly;

  SpringDataJdbcRelationsPeer(DataSource dataSource) {
    // A delegate, so closing the context does not destroy the benchmark's data source.
    context = SpringDataJdbcConfig.start(new DelegatingDataSource(dataSource), false);
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
