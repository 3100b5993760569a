package dev.betterconvex.orm.autoconfigure;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.autoconfigure.security.BetterConvexSecurityAutoConfiguration;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.RowLevelSecurityException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class BetterConvexOrmWiringTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class, BetterConvexAutoConfiguration.class,
          BetterConvexSecurityAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1")
      .withUserConfiguration(NotesWithPolicy.class);

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  private static void as(String user) {
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
        .authenticated(user, "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
  }

  @Test
  void policyBeansGuardTheOrmAndItsMutationsForTheSpringSecurityUser() {
    contextRunner.run(context -> {
      ConvexOrm orm = context.getBean(ConvexOrm.class);
      ConvexMutations mutations = context.getBean(ConvexMutations.class);
      as("ada");
      mutations.insert("notes").values(Map.of("author", "ada", "text", "mine")).execute();
      assertThatThrownBy(() -> mutations.insert("notes")
          .values(Map.of("author", "bob", "text", "forged")).execute())
          .isInstanceOf(RowLevelSecurityException.class);
      as("bob");
      assertThat(orm.query("notes").limit(10).findMany()).isEmpty();
      assertThat(orm.query("notes").explain().index()).isEqualTo("by_author");
      as("ada");
      assertThat(orm.query("notes").where(eq("text", "mine")).limit(10).findMany()).hasSize(1);
    });
  }

  @Test
  void propertiesSetTheRowsBudgetAndTheRelationGuardrails() {
    contextRunner.withPropertyValues("better-convex.orm.mutations.max-rows-touched=7",
        "better-convex.orm.relations.max-keys=50", "better-convex.orm.relations.max-depth=3")
        .run(context -> {
          assertThat(context.getBean(ConvexMutations.class).settings().maxRowsTouched())
              .isEqualTo(7);
          assertThat(context.getBean(ConvexOrm.class).settings().relationMaxKeys()).isEqualTo(50);
          assertThat(context.getBean(ConvexOrm.class).settings().relationMaxDepth()).isEqualTo(3);
        });
  }

  @Test
  void ormReadsAreObservedWithTheApplicationsRegistry() {
    List<String> names = new CopyOnWriteArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        names.add(context.getName() + " " + context.getLowCardinalityKeyValue("operation")
            .getValue());
      }
    });
    contextRunner.withBean(ObservationRegistry.class, () -> registry).run(context -> {
      as("ada");
      context.getBean(ConvexOrm.class).query("notes").limit(5).findMany();
      assertThat(names).contains("better-convex.orm findMany");
    });
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Note.class)
  static class NotesWithPolicy {

    @Bean
    Policy ownNotes() {
      return Policy.permissive("own notes", "notes")
          .using(Condition.where(ctx -> eq("author", ctx.principal()))).build();
    }
  }
}
