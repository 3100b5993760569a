package dev.betterconvex.orm.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Filters;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The DEBUG categories of queries and mutations, set as Spring Boot's logging levels. */
@ExtendWith(OutputCaptureExtension.class)
class DebugLoggingTests {

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class,
      DataSourceTransactionManagerAutoConfiguration.class, BetterConvexAutoConfiguration.class})
  @EntityScan(basePackageClasses = Note.class)
  static class Application {
  }

  private static void insertAndRead(String... properties) {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1", "spring.main.banner-mode=off")
        .properties(properties).run()) {
      context.getBean(ConvexMutations.class).insert("notes")
          .values(Map.of("author", "ada", "text", "hi")).execute();
      context.getBean(ConvexOrm.class).query("notes").where(Filters.eq("author", "ada"))
          .limit(10).findMany();
    }
  }

  @Test
  void logsEachQueryPlanAndEachRowWrittenAtDebug(CapturedOutput output) {
    insertAndRead("logging.level.dev.betterconvex.orm.query=debug",
        "logging.level.dev.betterconvex.orm.mutation=debug");
    assertThat(output).contains("INSERT of a new row in table \"notes\"")
        .contains("Query on table \"notes\" returned 1 rows, plan:")
        .contains("by_author");
  }

  @Test
  void logsNothingOfTheseCategoriesByDefault(CapturedOutput output) {
    insertAndRead();
    assertThat(output).doesNotContain("INSERT of a new row").doesNotContain("Query on table");
  }
}
