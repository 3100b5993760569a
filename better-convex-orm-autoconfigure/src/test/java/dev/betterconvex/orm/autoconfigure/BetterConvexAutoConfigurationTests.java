package dev.betterconvex.orm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.EngineSettings;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

class BetterConvexAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class,
          BetterConvexAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1");

  @Test
  void backsOffWithoutADataSource() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BetterConvexAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(ConvexEngine.class)
            .doesNotHaveBean(Schema.class));
  }

  @Test
  void buildsTheEngineFromEntitiesFoundByEntityScan() {
    contextRunner.withUserConfiguration(ScannedEntities.class).run(context -> {
      assertThat(context).hasSingleBean(ConvexEngine.class);
      ConvexEngine engine = context.getBean(ConvexEngine.class);
      assertThat(engine.schema().table("notes")).isPresent();
      assertThat(engine.databaseName()).isEqualTo("H2");
      String id = engine.mutation(db -> db.insert("notes", Map.of("author", "ada", "text", "hi")));
      assertThat(engine.<Boolean>query(db -> db.get(id).isPresent())).isTrue();
    });
  }

  @Test
  void joinsTheApplicationsTransactionManager() {
    contextRunner.withUserConfiguration(ScannedEntities.class).run(context -> {
      ConvexEngine engine = context.getBean(ConvexEngine.class);
      TransactionTemplate tx = new TransactionTemplate(
          context.getBean(PlatformTransactionManager.class));
      try {
        tx.executeWithoutResult(status -> {
          engine.db().insert("notes", Map.of("author", "ada"));
          throw new IllegalStateException("roll back");
        });
      }
      catch (IllegalStateException expected) {
        // the insert must be rolled back with the application's transaction
      }
      assertThat(engine.<Integer>query(db -> db.query("notes").collect().size())).isZero();
    });
  }

  @Test
  void backsOffWhenUserDefinesTheSchema() {
    contextRunner.withUserConfiguration(UserSchema.class).run(context -> {
      assertThat(context).getBean(Schema.class).isSameAs(context.getBean("mySchema"));
      assertThat(context.getBean(ConvexEngine.class).schema().table("things")).isPresent();
    });
  }

  @Test
  void backsOffWhenUserDefinesTheEngine() {
    contextRunner.withUserConfiguration(UserSchema.class, UserEngine.class).run(context ->
        assertThat(context).getBean(ConvexEngine.class).isSameAs(context.getBean("myEngine")));
  }

  @Test
  void bindsSettingsFromProperties() {
    contextRunner.withUserConfiguration(UserSchema.class)
        .withPropertyValues("better-convex.orm.max-retries=7",
            "better-convex.orm.retry-budget=30s",
            "better-convex.orm.initial-backoff=5ms", "better-convex.orm.max-backoff=1s",
            "better-convex.orm.limits.max-documents-scanned=500",
            "better-convex.orm.bootstrap=create-or-upgrade")
        .run(context -> {
          EngineSettings settings = context.getBean(ConvexEngine.class).settings();
          assertThat(settings.maxRetries()).isEqualTo(7);
          assertThat(settings.retryBudget()).isEqualTo(Duration.ofSeconds(30));
          assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(5));
          assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
          assertThat(settings.limits().maxDocumentsScanned()).isEqualTo(500);
          assertThat(settings.limits().maxDocumentsWritten()).isEqualTo(16_000);
        });
  }

  @Test
  void failsStartupWithAClearMessageForInvalidSettings() {
    contextRunner.withUserConfiguration(UserSchema.class)
        .withPropertyValues("better-convex.orm.max-retries=-1")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessage("Property better-convex.orm.max-retries with value '-1' is invalid: "
                + "must be at least 0"));
    contextRunner.withUserConfiguration(UserSchema.class)
        .withPropertyValues("better-convex.orm.retry-budget=-1s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessage("Property better-convex.orm.retry-budget with value 'PT-1S' is invalid: "
                + "must be at least PT0S"));
    contextRunner.withUserConfiguration(UserSchema.class)
        .withPropertyValues("better-convex.orm.initial-backoff=1s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessage("Property better-convex.orm.max-backoff with value 'PT0.25S' is invalid: "
                + "must be at least PT1S"));
  }

  @Test
  void bindsEveryPropertyWithItsDefault() {
    contextRunner.withUserConfiguration(UserSchema.class).run(context -> {
      BetterConvexProperties properties = context.getBean(BetterConvexProperties.class);
      assertThat(properties.getBootstrap())
          .isEqualTo(EngineSettings.BootstrapMode.CREATE_OR_UPGRADE);
      assertThat(properties.getRepositories().getDefaultPageSize()).isEqualTo(20);
      assertThat(properties.toSettings()).isEqualTo(EngineSettings.DEFAULTS);
    });
  }

  @Test
  void bindsTheRepositoriesDefaultPageSize() {
    contextRunner.withUserConfiguration(UserSchema.class)
        .withPropertyValues("better-convex.orm.repositories.default-page-size=50")
        .run(context -> assertThat(context.getBean(BetterConvexProperties.class)
            .getRepositories().getDefaultPageSize()).isEqualTo(50));
  }

  @Test
  void failsStartupForADefaultPageSizeOutOfRange() {
    contextRunner.withUserConfiguration(UserSchema.class)
        .withPropertyValues("better-convex.orm.repositories.default-page-size=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessage("default-page-size must be between 1 and 32000, got 0"));
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Note.class)
  static class ScannedEntities {
  }

  @Configuration(proxyBeanMethods = false)
  static class UserSchema {

    @Bean
    Schema mySchema() {
      return Schema.builder().table("things", t -> t.field("n", FieldType.int64())).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserEngine {

    @Bean
    ConvexEngine myEngine(javax.sql.DataSource dataSource, Schema schema) {
      return ConvexEngine.builder(dataSource, schema).build();
    }
  }
}
