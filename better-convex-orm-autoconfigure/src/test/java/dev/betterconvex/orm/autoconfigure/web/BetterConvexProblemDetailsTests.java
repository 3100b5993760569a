package dev.betterconvex.orm.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.audited.Ticket;
import dev.betterconvex.orm.autoconfigure.audited.TicketRepository;
import dev.betterconvex.orm.autoconfigure.validation.BetterConvexValidationAutoConfiguration;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.repository.BetterConvexRepositoryFactory;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.value.DocumentId;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The opt-in problem-details mapping, through a real Spring MVC context whose controller makes
 * the ORM fail for real on H2 (a stale {@code @Version} and a Jakarta Validation violation
 * included).
 */
class BetterConvexProblemDetailsTests {

  @Table(name = "accounts")
  @Index(name = "by_email", fields = "email")
  @Unique(name = "accounts_email_unique", fields = "email")
  record Account(@Id String id, @NotNull String email) {
  }

  @Table(name = "orders")
  @Index(name = "by_account", fields = "accountId")
  record Order(@Id String id, @References(table = "accounts") String accountId) {
  }

  @RestController
  static class Failing {

    private final ConvexOrm orm;
    private final ConvexMutations mutations;

    Failing(ConvexOrm orm, ConvexMutations mutations) {
      this.orm = orm;
      this.mutations = mutations;
    }

    @GetMapping("/unique")
    void unique() {
      mutations.insert("accounts").values(Map.of("email", "ada@example.com")).execute();
      mutations.insert("accounts").values(Map.of("email", "ada@example.com")).execute();
    }

    @GetMapping("/foreign-key")
    void foreignKey() {
      String account = mutations.insert("accounts").values(Map.of("email", "bob@example.com"))
          .returning().execute().rows().get(0).id();
      mutations.delete("accounts").where(dev.betterconvex.orm.filter.Filters.eq("_id", account))
          .execute();
      mutations.insert("orders").values(Map.of("accountId", account)).execute();
    }

    @GetMapping("/cursor")
    void cursor() {
      orm.query("accounts").paginate(PaginationOptions.first(5).after("forged"));
    }

    @GetMapping("/unbounded")
    void unbounded() {
      orm.query("accounts").findMany();
    }

    @GetMapping("/value")
    void value() {
      mutations.insert("accounts").values(Map.of("email", "\uD800")).execute();
    }

    @GetMapping("/id")
    void id() {
      DocumentId.decode("not-an-id");
    }

    @GetMapping("/stale")
    void stale() {
      TicketRepository tickets =
          new BetterConvexRepositoryFactory(orm).getRepository(TicketRepository.class);
      Ticket opened = tickets.save(Ticket.about("printer"));
      tickets.save(opened.withSubject("printer on fire"));
      tickets.save(opened.withSubject("stale"));
    }

    @GetMapping("/invalid")
    void invalid() {
      mutations.insert(Ticket.class).values(Ticket.about(" ")).execute();
    }

    @GetMapping("/too-large")
    void tooLarge() {
      mutations.insert("accounts").values(Map.of("email", "x".repeat(1_100_000))).execute();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Application {

    @Bean
    Schema schema() {
      return Schema.fromEntities(Account.class, Order.class, Ticket.class);
    }

    @Bean
    Failing failing(ConvexOrm orm, ConvexMutations mutations) {
      return new Failing(orm, mutations);
    }
  }

  private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class,
          BetterConvexAutoConfiguration.class, BetterConvexProblemDetailsAutoConfiguration.class,
          BetterConvexValidationAutoConfiguration.class,
          JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
          DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
      .withUserConfiguration(Application.class)
      .withBean(Validator.class, () -> Validation.buildDefaultValidatorFactory().getValidator())
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1");

  @Test
  void isOffUnlessTheApplicationOptsIn() {
    contextRunner.run(context ->
        assertThat(context).doesNotHaveBean(BetterConvexProblemDetails.class)
            .doesNotHaveBean(BetterConvexValidationProblemDetails.class));
  }

  @Test
  void answersTheOrmsExceptionsAsProblemDetails() {
    contextRunner.withPropertyValues("better-convex.orm.web.problem-details.enabled=true")
        .run(context -> {
          assertThat(context).hasSingleBean(BetterConvexProblemDetails.class);
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          mvc.perform(get("/unique")).andExpect(status().isConflict())
              .andExpect(jsonPath("$.status").value(409))
              .andExpect(jsonPath("$.constraint").value("accounts_email_unique"))
              .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers
                  .containsString("accounts_email_unique")));
          mvc.perform(get("/foreign-key")).andExpect(status().isConflict())
              .andExpect(jsonPath("$.foreignKey").value("orders_accountId_fk"));
          mvc.perform(get("/cursor")).andExpect(status().isBadRequest())
              .andExpect(jsonPath("$.detail").isNotEmpty());
          mvc.perform(get("/unbounded")).andExpect(status().isBadRequest())
              .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers
                  .startsWith("findMany on table \"accounts\" is unbounded")));
          mvc.perform(get("/value")).andExpect(status().isBadRequest())
              .andExpect(jsonPath("$.table").value("accounts"))
              .andExpect(jsonPath("$.field").value("email"));
          mvc.perform(get("/id")).andExpect(status().isBadRequest())
              .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers
                  .containsString("not-an-id")));
          mvc.perform(get("/stale")).andExpect(status().isConflict())
              .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                  "Cannot save Ticket with id")))
              .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                  "and version 0: the stored document has version 1")));
          mvc.perform(get("/invalid")).andExpect(status().isBadRequest())
              .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                  "subject must not be blank")))
              .andExpect(jsonPath("$.violations[0].property").value("subject"))
              .andExpect(jsonPath("$.violations[0].message").value("must not be blank"));
          mvc.perform(get("/too-large")).andExpect(status().isPayloadTooLarge())
              .andExpect(jsonPath("$.table").value("accounts"))
              .andExpect(jsonPath("$.limit").value(1_048_576));
        });
  }
}
