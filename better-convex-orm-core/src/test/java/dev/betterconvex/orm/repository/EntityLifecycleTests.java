package dev.betterconvex.orm.repository;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.auditing.EnableBetterConvexAuditing;
import dev.betterconvex.orm.callback.AfterSaveCallback;
import dev.betterconvex.orm.callback.BeforeDeleteCallback;
import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.validation.ValidatingEntityCallback;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.auditing.DateTimeProvider;
import org.springframework.data.domain.AuditorAware;
import org.springframework.data.domain.DomainEvents;

/**
 * {@code @Version}, auditing, Bean Validation, entity callbacks and domain events, through a
 * real Spring context, for repositories and {@code ConvexMutations}.
 */
class EntityLifecycleTests {

  /** A note: versioned, audited (dates as epoch milliseconds), its title at most 10 long. */
  @Table(name = "notes")
  record Note(
      @Id @Nullable String id,
      @Version @Nullable Long version,
      @Size(max = 10) String title,
      @CreatedDate @Nullable Long createdAt,
      @LastModifiedDate @Nullable Long modifiedAt,
      @CreatedBy @Nullable String createdBy,
      @LastModifiedBy @Nullable String modifiedBy) {

    static Note titled(String title) {
      return new Note(null, null, title, null, null, null, null);
    }

    Note withVersion(Long version) {
      return new Note(id, version, title, createdAt, modifiedAt, createdBy, modifiedBy);
    }

    Note withTitle(String title) {
      return new Note(id, version, title, createdAt, modifiedAt, createdBy, modifiedBy);
    }

    @DomainEvents
    List<NoteSaved> events() {
      return List.of(new NoteSaved(title));
    }
  }

  record NoteSaved(String title) {
  }

  interface NoteRepository extends BetterConvexRepository<Note> {
  }

  /** The current auditor, changed by tests. */
  static final class Auditor implements AuditorAware<String> {
    volatile String name = "ada";

    @Override
    public Optional<String> getCurrentAuditor() {
      return Optional.of(name);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexAuditing(dateTimeProviderRef = "clock")
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = NoteRepository.class))
  static class Setup {

    final AtomicLong now = new AtomicLong(1_000);
    final List<String> published = new ArrayList<>();

    @Bean
    ConvexEngine convexEngine(DataSource dataSource) {
      return ConvexEngine.builder(dataSource, Schema.fromEntities(Note.class)).build();
    }

    @Bean
    ConvexOrm convexOrm(ConvexEngine engine) {
      return new ConvexOrm(engine);
    }

    @Bean
    Auditor auditor() {
      return new Auditor();
    }

    @Bean
    DateTimeProvider clock() {
      return () -> Optional.of(Instant.ofEpochMilli(now.get()));
    }

    @Bean
    ValidatingEntityCallback validation() {
      return new ValidatingEntityCallback(Validation.buildDefaultValidatorFactory().getValidator());
    }

    /** Fails the save of a note titled "boom", after it was written. */
    @Bean
    AfterSaveCallback<Note> failOnBoom() {
      return (note, table) -> {
        if (note.title().equals("boom")) {
          throw new IllegalStateException("boom refused by " + table);
        }
        return note;
      };
    }

    /** Refuses to delete a note titled "keep". */
    @Bean
    BeforeDeleteCallback<Note> keepKeep() {
      return (note, table) -> {
        if (note.title().equals("keep")) {
          throw new IllegalStateException("keep is kept");
        }
        return note;
      };
    }

    @EventListener
    void on(NoteSaved event) {
      if (event.title().equals("explode")) {
        throw new IllegalStateException("listener failed");
      }
      published.add(event.title());
    }
  }

  private static AnnotationConfigApplicationContext context(TestDatabase database) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, database::dataSource,
        definition -> definition.setDestroyMethodName(""));
    context.register(Setup.class);
    context.refresh();
    return context;
  }

  private static ConvexMutations mutations(AnnotationConfigApplicationContext context) {
    return new ConvexMutations(context.getBean(ConvexOrm.class)
        .withEntityLifecycle(EntityLifecycle.of(context)));
  }

  @DatabaseTest
  void aStaleVersionFailsSaveAndDeleteAndWritesNothing(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db)) {
      NoteRepository notes = context.getBean(NoteRepository.class);
      Note first = notes.save(Note.titled("draft"));
      assertThat(first.version()).isZero();
      Note second = notes.save(first.withTitle("final"));
      assertThat(second.version()).isEqualTo(1);

      assertThatThrownBy(() -> notes.save(first.withTitle("stale")))
          .isInstanceOf(OptimisticLockingFailureException.class)
          .hasMessageContaining("version 0")
          .hasMessageContaining("the stored document has version 1");
      assertThatThrownBy(() -> notes.delete(first))
          .isInstanceOf(OptimisticLockingFailureException.class);
      assertThat(notes.findById(first.id())).get().extracting(Note::title, Note::version)
          .containsExactly("final", 1L);

      notes.delete(second);
      assertThat(notes.count()).isZero();
      assertThatThrownBy(() -> notes.delete(second))
          .isInstanceOf(OptimisticLockingFailureException.class)
          .hasMessageContaining("the document is gone");
    }
  }

  @DatabaseTest
  void mutationsStartVersionsAtZeroAndUpdatesIncrementThem(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db)) {
      ConvexMutations mutations = mutations(context);
      Note inserted = mutations.insert(Note.class).values(Note.titled("via orm")
          .withVersion(7L)).returning().execute().rows().get(0);
      assertThat(inserted.version()).isZero();
      mutations.insert("notes").values(Map.of("title", "a map")).execute();

      List<Note> updated = mutations.update(Note.class).set(Map.of("title", "changed"))
          .where(eq("title", "via orm")).allowFullScan().returning().execute().rows();
      assertThat(updated).singleElement().extracting(Note::version).isEqualTo(1L);
      assertThat(context.getBean(ConvexOrm.class).query(Note.class).allowFullScan()
          .where(eq("title", "a map")).findMany()).extracting(Note::version).containsExactly(0L);

      NoteRepository notes = context.getBean(NoteRepository.class);
      assertThatThrownBy(() -> notes.save(inserted.withTitle("lost")))
          .isInstanceOf(OptimisticLockingFailureException.class);
    }
  }

  @DatabaseTest
  void auditingFillsCreatedAndModifiedThroughRepositoriesAndMutations(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db)) {
      NoteRepository notes = context.getBean(NoteRepository.class);
      Setup setup = context.getBean(Setup.class);
      Note created = notes.save(Note.titled("audited"));
      assertThat(created).extracting(Note::createdAt, Note::modifiedAt, Note::createdBy,
          Note::modifiedBy).containsExactly(1_000L, 1_000L, "ada", "ada");

      setup.now.set(2_000);
      context.getBean(Auditor.class).name = "bob";
      Note modified = notes.save(created.withTitle("edited"));
      assertThat(modified).extracting(Note::createdAt, Note::modifiedAt, Note::createdBy,
          Note::modifiedBy).containsExactly(1_000L, 2_000L, "ada", "bob");

      Note inserted = mutations(context).insert(Note.class).values(Note.titled("orm"))
          .returning().execute().rows().get(0);
      assertThat(inserted).extracting(Note::createdAt, Note::createdBy)
          .containsExactly(2_000L, "bob");
    }
  }

  @DatabaseTest
  void aConstraintViolationNamesThePropertyAndWritesNothing(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db)) {
      NoteRepository notes = context.getBean(NoteRepository.class);
      assertThatThrownBy(() -> notes.saveAll(List.of(Note.titled("fine"),
          Note.titled("far too long a title"))))
          .isInstanceOf(ConstraintViolationException.class)
          .hasMessageContaining("Cannot write Note to table \"notes\": title size must be "
              + "between 0 and 10 (was far too long a title)");
      assertThatThrownBy(() -> mutations(context).insert(Note.class)
          .values(Note.titled("also far too long")).execute())
          .isInstanceOf(ConstraintViolationException.class)
          .hasMessageContaining("title size must be between 0 and 10");
      assertThat(notes.count()).isZero();
    }
  }

  @DatabaseTest
  void aThrowingCallbackOrListenerRollsTheWriteBack(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db)) {
      NoteRepository notes = context.getBean(NoteRepository.class);
      assertThatThrownBy(() -> notes.save(Note.titled("boom")))
          .hasMessage("boom refused by notes");
      assertThatThrownBy(() -> mutations(context).insert(Note.class).values(Note.titled("boom"))
          .execute()).hasMessage("boom refused by notes");
      assertThatThrownBy(() -> notes.save(Note.titled("explode")))
          .hasMessage("listener failed");
      assertThat(notes.count()).isZero();

      Note kept = notes.save(Note.titled("keep"));
      assertThatThrownBy(() -> notes.deleteById(kept.id())).hasMessage("keep is kept");
      assertThatThrownBy(() -> notes.delete(kept)).hasMessage("keep is kept");
      assertThat(notes.existsById(kept.id())).isTrue();
      assertThat(context.getBean(Setup.class).published).containsExactly("keep");
    }
  }
}
