package dev.betterconvex.orm.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class BetterConvexHealthContributorAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          BetterConvexAutoConfiguration.class,
          BetterConvexHealthContributorAutoConfiguration.class))
      .withUserConfiguration(NotesEntities.class);

  private ApplicationContextRunner onH2() {
    return contextRunner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:"
        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @DatabaseTest
  void reportsUpWithTheDatabaseName(TestDatabase db) {
    contextRunner.withBean(DataSource.class, db::dataSource, d -> d.setDestroyMethodName(""))
        .run(context -> {
          Health health = context.getBean(BetterConvexHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("database", db.kind().displayName())
              .containsEntry("tables", 1).containsKeys("queries", "mutations", "conflicts",
                  "retries");
        });
  }

  @Test
  void reportsUpForASchemaWithoutTables() {
    ConvexEngine engine = ConvexEngine.builder(h2(), Schema.builder().build()).build();
    assertThat(new BetterConvexHealthIndicator(engine).health().getStatus())
        .isEqualTo(Status.UP);
  }

  @Test
  void reportsDownWithTheExceptionWhenTheDatabaseFails() throws SQLException {
    SingleConnectionDataSource dataSource = h2();
    ConvexEngine engine = ConvexEngine.builder(dataSource,
        Schema.fromEntities(Note.class)).build();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
    Health health = new BetterConvexHealthIndicator(engine).health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("database", "H2").containsKey("error");
  }

  @Test
  void backsOffWhenUserDefinesTheIndicator() {
    onH2().withBean("betterConvexHealthIndicator", HealthIndicator.class,
        () -> () -> Health.outOfService().build())
        .run(context -> assertThat(context).doesNotHaveBean(BetterConvexHealthIndicator.class)
            .hasSingleBean(HealthIndicator.class));
  }

  @Test
  void backsOffWhenDisabled() {
    onH2().withPropertyValues("management.health.better-convex.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(BetterConvexHealthIndicator.class));
  }

  @Test
  void backsOffWithoutSpringBootHealth() {
    onH2().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(BetterConvexHealthIndicator.class));
  }

  @Test
  void backsOffWithoutAnEngine() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(
            BetterConvexHealthContributorAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(BetterConvexHealthIndicator.class));
  }

  private static SingleConnectionDataSource h2() {
    return new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", true);
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Note.class)
  static class NotesEntities {
  }
}
