package dev.betterconvex.orm.autoconfigure.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.auditing.EnableBetterConvexAuditing;
import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.BetterConvexRepositoriesAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.audited.Ticket;
import dev.betterconvex.orm.autoconfigure.audited.TicketRepository;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.validation.ValidatingEntityCallback;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.AuditorAware;

class BetterConvexEntityLifecycleAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class,
          BetterConvexAutoConfiguration.class, BetterConvexRepositoriesAutoConfiguration.class,
          BetterConvexValidationAutoConfiguration.class))
      .withUserConfiguration(Tickets.class);

  private ApplicationContextRunner on(TestDatabase db) {
    return contextRunner.withBean(DataSource.class, db::dataSource,
        definition -> definition.setDestroyMethodName(""));
  }

  @DatabaseTest
  void validatesRepositoryAndMutationWritesWithTheApplicationsValidator(TestDatabase db) {
    on(db).withBean(Validator.class,
        () -> Validation.buildDefaultValidatorFactory().getValidator()).run(context -> {
          assertThat(context).hasSingleBean(ValidatingEntityCallback.class);
          TicketRepository tickets = context.getBean(TicketRepository.class);
          assertThatThrownBy(() -> tickets.save(Ticket.about(" ")))
              .isInstanceOf(ConstraintViolationException.class)
              .hasMessageContaining("subject must not be blank");
          assertThatThrownBy(() -> context.getBean(ConvexMutations.class).insert(Ticket.class)
              .values(Ticket.about("")).execute())
              .isInstanceOf(ConstraintViolationException.class)
              .hasMessageContaining("subject must not be blank");
          assertThat(tickets.count()).isZero();
        });
  }

  @DatabaseTest
  void backsOffWithoutAValidatorBean(TestDatabase db) {
    on(db).run(context -> {
      assertThat(context).doesNotHaveBean(ValidatingEntityCallback.class);
      assertThat(context.getBean(TicketRepository.class).save(Ticket.about(" ")).subject())
          .isEqualTo(" ");
    });
  }

  @DatabaseTest
  void auditsAndVersionsWritesOfRepositoriesAndTheConvexMutationsBean(TestDatabase db) {
    on(db).withUserConfiguration(Auditing.class).run(context -> {
      TicketRepository tickets = context.getBean(TicketRepository.class);
      Ticket opened = tickets.save(Ticket.about("printer"));
      assertThat(opened.version()).isZero();
      assertThat(opened.openedBy()).isEqualTo("grace");
      assertThat(opened.openedAt()).isPositive();
      Ticket changed = tickets.save(opened.withSubject("printer on fire"));
      assertThat(changed.version()).isEqualTo(1);
      assertThatThrownBy(() -> tickets.save(opened.withSubject("stale")))
          .isInstanceOf(OptimisticLockingFailureException.class);

      Ticket inserted = context.getBean(ConvexMutations.class).insert(Ticket.class)
          .values(Ticket.about("via mutations")).returning().execute().rows().get(0);
      assertThat(inserted.openedBy()).isEqualTo("grace");
      assertThat(inserted.changedBy()).isEqualTo("grace");
      assertThat(inserted.version()).isZero();
    });
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = Ticket.class)
  static class Tickets {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexAuditing
  static class Auditing {

    @Bean
    AuditorAware<String> auditor() {
      return () -> Optional.of("grace");
    }
  }
}
