package dev.betterconvex.orm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.autoconfigure.entities.NoteRepository;
import dev.betterconvex.orm.autoconfigure.mixed.Memo;
import dev.betterconvex.orm.autoconfigure.mixed.MemoRepository;
import dev.betterconvex.orm.autoconfigure.mixed.Person;
import dev.betterconvex.orm.autoconfigure.mixed.PersonRepository;
import dev.betterconvex.orm.autoconfigure.mixed.PlainMemoRepository;
import dev.betterconvex.orm.autoconfigure.other.OtherNoteRepository;
import dev.betterconvex.orm.autoconfigure.unservable.UnservableNoteRepository;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.repository.BetterConvexRepositoryFactoryBean;
import dev.betterconvex.orm.repository.EnableBetterConvexRepositories;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.store.ConvexEngine;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.jdbc.repository.support.JdbcRepositoryFactoryBean;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

class BetterConvexRepositoriesAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class,
          BetterConvexAutoConfiguration.class, BetterConvexRepositoriesAutoConfiguration.class));

  /** The runner on a fresh database of the test's kind (the test database owns its pool). */
  private ApplicationContextRunner on(TestDatabase db) {
    return contextRunner.withBean(DataSource.class, db::dataSource,
        definition -> definition.setDestroyMethodName(""));
  }

  private ApplicationContextRunner onH2() {
    return contextRunner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:"
        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @DatabaseTest
  void registersTheRepositoriesOfTheApplicationsPackages(TestDatabase db) {
    on(db).withUserConfiguration(NotesPackage.class).run(context -> {
      assertThat(context).hasSingleBean(NoteRepository.class).hasSingleBean(ConvexOrm.class);
      NoteRepository notes = context.getBean(NoteRepository.class);
      Note saved = notes.save(new Note(null, 0, "ada", "hello"));
      notes.save(new Note(null, 0, "bob", "hi"));
      assertThat(notes.findTop10ByAuthor("ada")).containsExactly(saved);
      assertThat(notes.findById(saved.id())).contains(saved);
    });
  }

  @DatabaseTest
  void runsRepositoriesInTheApplicationsTransactions(TestDatabase db) {
    on(db).withUserConfiguration(NotesPackage.class).run(context -> {
      NoteRepository notes = context.getBean(NoteRepository.class);
      TransactionTemplate tx = new TransactionTemplate(
          context.getBean(PlatformTransactionManager.class));
      try {
        tx.executeWithoutResult(status -> {
          notes.save(new Note(null, 0, "ada", "rolled back"));
          throw new IllegalStateException("roll back");
        });
      }
      catch (IllegalStateException expected) {
        // the save must be rolled back with the application's transaction
      }
      assertThat(notes.count()).isZero();
    });
  }

  @DatabaseTest
  void spansEngineAndRepositoryCallsWithTransactionalMethods(TestDatabase db) {
    on(db).withConfiguration(AutoConfigurations.of(TransactionAutoConfiguration.class))
        .withUserConfiguration(NotesPackage.class).withBean(NoteService.class)
        .run(context -> {
          NoteService service = context.getBean(NoteService.class);
          NoteRepository notes = context.getBean(NoteRepository.class);
          assertThatThrownBy(() -> service.writeBothThenFail("ada"))
              .isInstanceOf(IllegalStateException.class).hasMessage("seen 2, rolling back");
          assertThat(notes.count()).isZero();

          assertThat(service.writeBoth("bob")).isEqualTo(2);
          assertThat(notes.count()).isEqualTo(2);
        });
  }

  @Test
  void readsTheDefaultPageSizeOfWindowsFromProperties() {
    onH2().withUserConfiguration(NotesPackage.class)
        .withPropertyValues("better-convex.orm.repositories.default-page-size=3")
        .run(context -> {
          NoteRepository notes = context.getBean(NoteRepository.class);
          for (int i = 0; i < 5; i++) {
            notes.save(new Note(null, 0, "ada", "n" + i));
          }
          assertThat(notes.findAll(ScrollPosition.keyset(), Limit.unlimited())).hasSize(3);
          assertThat(notes.findByAuthor("ada", ScrollPosition.keyset())).hasSize(3);
        });
  }

  @Test
  void backsOffWhenRepositoriesAreDisabled() {
    onH2().withUserConfiguration(NotesPackage.class)
        .withPropertyValues("better-convex.orm.repositories.enabled=false")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(NoteRepository.class)
            .doesNotHaveBean(BetterConvexRepositoryFactoryBean.class));
  }

  @Test
  void backsOffWhenTheUserEnablesRepositories() {
    onH2().withUserConfiguration(NotesPackage.class, UserRepositories.class).run(context ->
        assertThat(context).hasSingleBean(OtherNoteRepository.class)
            .doesNotHaveBean(NoteRepository.class));
  }

  @Test
  void backsOffWithoutAnEngine() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BetterConvexRepositoriesAutoConfiguration.class))
        .withUserConfiguration(NotesPackage.class)
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(NoteRepository.class));
  }

  @Test
  void failsStartupForARepositoryMethodNoIndexServes() {
    onH2().withUserConfiguration(UnservablePackage.class).run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasRootCauseInstanceOf(org.springframework.dao.InvalidDataAccessApiUsageException.class)
            .cause().satisfies(failure -> assertThat(queryCreation(failure)).hasMessage(
                "Repository method " + UnservableNoteRepository.class.getName()
                    + ".findByText(String, Limit): no index of table \"notes\" narrows its "
                    + "filter on [text] (the planner would read by_creation_time), so every call "
                    + "would read the whole table. Add an index on [text], for example "
                    + "@Index(name = \"by_text\", fields = {\"text\"}) on Note, or annotate the "
                    + "method with @AllowFullScan")));
  }

  @DatabaseTest
  void coexistsWithSpringDataJdbcRepositories(TestDatabase db) {
    on(db).withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class,
            DataJdbcRepositoriesAutoConfiguration.class))
        .withUserConfiguration(MixedPackage.class).run(context -> {
          assertThat(factoryBeanOf(context, MemoRepository.class))
              .isEqualTo(BetterConvexRepositoryFactoryBean.class.getName());
          assertThat(factoryBeanOf(context, PlainMemoRepository.class))
              .isEqualTo(BetterConvexRepositoryFactoryBean.class.getName());
          assertThat(factoryBeanOf(context, PersonRepository.class))
              .isEqualTo(JdbcRepositoryFactoryBean.class.getName());

          context.getBean(JdbcTemplate.class).execute("CREATE TABLE person (id BIGINT "
              + "GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(100))");
          Person person = new Person();
          person.setName("ada");
          context.getBean(PersonRepository.class).save(person);
          assertThat(context.getBean(PersonRepository.class).findByName("ada")).hasSize(1);

          Memo memo = context.getBean(MemoRepository.class).save(new Memo(null, 0, "ada"));
          assertThat(context.getBean(PlainMemoRepository.class).findAll()).containsExactly(memo);
          assertThat(context.getBean(MemoRepository.class).findByAuthor("ada"))
              .containsExactly(memo);
        });
  }

  private static String factoryBeanOf(ConfigurableApplicationContext context, Class<?> type) {
    String[] names = context.getBeanNamesForType(type);
    assertThat(names).hasSize(1);
    return context.getBeanFactory().getBeanDefinition(names[0]).getBeanClassName();
  }

  private static Throwable queryCreation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof QueryCreationException) {
        return t;
      }
    }
    throw new AssertionError("no QueryCreationException in", failure);
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = Note.class)
  static class NotesPackage {
  }

  /** An application service: its transactions span repository and engine calls. */
  static class NoteService {

    private final NoteRepository notes;
    private final ConvexEngine engine;

    NoteService(NoteRepository notes, ConvexEngine engine) {
      this.notes = notes;
      this.engine = engine;
    }

    @Transactional
    public int writeBoth(String author) {
      notes.save(new Note(null, 0, author, "by the repository"));
      engine.db().insert("notes", Map.of("author", author, "text", "by the engine"));
      return engine.query(db -> db.query("notes").collect().size());
    }

    @Transactional
    public void writeBothThenFail(String author) {
      throw new IllegalStateException("seen " + writeBoth(author) + ", rolling back");
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(basePackageClasses = OtherNoteRepository.class)
  static class UserRepositories {
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Note.class)
  @AutoConfigurationPackage(basePackageClasses = UnservableNoteRepository.class)
  static class UnservablePackage {
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = Memo.class)
  static class MixedPackage {
  }

}
