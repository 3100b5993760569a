package dev.betterconvex.orm.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.BetterConvexRepositoriesAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.autoconfigure.unservable.UnservableNoteRepository;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Table;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every startup failure of ours ends in Spring Boot's "APPLICATION FAILED TO START" report,
 * through the analyzers of {@code META-INF/spring.factories} (or Boot's own, for properties),
 * naming the property key where one is at fault.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalyzersTests {

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class,
      DataSourceTransactionManagerAutoConfiguration.class, BetterConvexAutoConfiguration.class,
      BetterConvexRepositoriesAutoConfiguration.class})
  @EntityScan(basePackageClasses = Note.class)
  @AutoConfigurationPackage(basePackageClasses = Note.class)
  static class Application {
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = UnservableNoteRepository.class)
  static class UnservableRepositories {
  }

  @Table(name = "broken")
  @Index(name = "by_nothing", fields = "nothing")
  record Broken(@Id String id, String text) {
  }

  /** A schema of the entity named by the property {@code test.schema}. */
  @Configuration(proxyBeanMethods = false)
  static class SchemaOf {

    @Bean
    Schema schema(org.springframework.core.env.Environment environment)
        throws ClassNotFoundException {
      return Schema.fromEntities(Class.forName(environment.getRequiredProperty("test.schema")));
    }
  }

  @Table(name = "others")
  record Other(@Id String id, String text) {
  }


  private static SpringApplicationBuilder application(String database, Class<?> extra,
      String... properties) {
    return new SpringApplicationBuilder(Application.class, extra)
        .web(WebApplicationType.NONE)
        .properties("spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
            "spring.main.banner-mode=off")
        .properties(properties);
  }

  private static void start(Class<?> extra, String... properties) {
    SpringApplicationBuilder application = application(UUID.randomUUID().toString(), extra,
        properties);
    assertThatThrownBy(application::run).isInstanceOf(Exception.class);
  }

  @Test
  void reportsAnInvalidSchemaWithEveryProblem(CapturedOutput output) {
    start(SchemaOf.class, "test.schema=" + Broken.class.getName());
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The Better Convex schema is invalid (1 problem):")
        .contains("by_nothing")
        .contains("Fix the @Table entities (or the Schema bean) as each problem says");
  }

  @Test
  void reportsARepositoryMethodNoIndexServes(CapturedOutput output) {
    start(UnservableRepositories.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("Repository method " + UnservableNoteRepository.class.getName()
            + ".findByText(String, Limit): no index of table \"notes\" narrows its filter on "
            + "[text]")
        .contains("annotate the method with @AllowFullScan "
            + "(dev.betterconvex.orm.repository.AllowFullScan) when it may read the whole table");
  }

  @Test
  void reportsADatabaseThatDoesNotMatchUnderValidateNamingTheProperty(CapturedOutput output) {
    String database = UUID.randomUUID().toString();
    application(database, SchemaOf.class, "test.schema=" + Other.class.getName(),
        "better-convex.orm.repositories.enabled=false")
        .run().close();
    assertThatThrownBy(application(database, Object.class,
        "better-convex.orm.bootstrap=validate")::run).isInstanceOf(Exception.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The Better Convex engine could not bootstrap its tables: The database does "
            + "not match the schema: table \"notes\"")
        .contains("Set better-convex.orm.bootstrap=create-or-upgrade");
  }

  @Test
  void reportsAnInvalidPropertyByItsKey(CapturedOutput output) {
    start(Object.class, "better-convex.orm.max-retries=-1");
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("Invalid value '-1' for configuration property 'better-convex.orm.max-retries'")
        .contains("must be at least 0")
        .doesNotContain("maxRetries");
  }

  @Test
  void reportsAnInvalidLimitByItsKey(CapturedOutput output) {
    start(Object.class, "better-convex.orm.limits.max-documents-scanned=0",
        "better-convex.orm.max-backoff=1ms");
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("better-convex.orm.max-backoff");
  }
}
