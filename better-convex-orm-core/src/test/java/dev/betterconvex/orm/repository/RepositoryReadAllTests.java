package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.store.TransactionLimitExceededException;
import dev.betterconvex.orm.store.TransactionLimits;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;

/**
 * Repository reads without a limit return every match, as Spring Data's do: a table's default
 * limit never truncates them, and past the transaction limits they fail naming the limit and
 * how to page.
 */
class RepositoryReadAllTests {

  @Table(name = "notes", defaultLimit = 5)
  @Index(name = "by_topic", fields = "topic")
  record Note(@Id @Nullable String id, @CreationTime double at, @NotNull String topic, int rank) {
  }

  interface NoteRepository extends BetterConvexRepository<Note> {

    List<Note> findByTopic(String topic);

    Stream<Note> streamByTopic(String topic);

    List<Note> findByTopic(String topic, Limit limit);

    @AllowFullScan
    List<Note> findByRankGreaterThan(int rank);
  }

  private static NoteRepository notes(TestDatabase db, int maxDocumentsScanned) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Note.class))
        .settings(EngineSettings.DEFAULTS.withLimits(new TransactionLimits(maxDocumentsScanned,
            16L << 20, 4_096, 16_000, 16L << 20)))
        .build();
    return new BetterConvexRepositoryFactory(new ConvexOrm(engine))
        .getRepository(NoteRepository.class);
  }

  private static List<Note> seed(NoteRepository notes, int count) {
    List<Note> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(new Note(null, 0, i % 2 == 0 ? "even" : "odd", i));
    }
    all.forEach(notes::save);
    return all;
  }

  @DatabaseTest
  void unboundedReadsReturnEveryMatchPastTheDefaultLimit(TestDatabase db) {
    NoteRepository notes = notes(db, 32_000);
    seed(notes, 16);

    assertThat(notes.findAll()).hasSize(16);
    assertThat(notes.findAll(Limit.unlimited())).hasSize(16);
    assertThat(notes.findAll(Sort.by("topic"))).extracting(Note::topic).hasSize(16)
        .isSorted();
    assertThat(notes.findByTopic("even")).extracting(Note::rank).hasSize(8)
        .containsExactlyInAnyOrder(0, 2, 4, 6, 8, 10, 12, 14);
    assertThat(notes.streamByTopic("odd")).hasSize(8);
    assertThat(notes.findByTopic("even", Limit.unlimited())).hasSize(8);
    assertThat(notes.findByRankGreaterThan(3)).hasSize(12);
    assertThat(notes.findByTopic("even", Limit.of(3))).hasSize(3);
    assertThat(notes.findAll(Limit.of(2))).extracting(Note::rank).containsExactly(15, 14);
  }

  @DatabaseTest
  void unboundedReadsPastATransactionLimitFailNamingTheLimitAndHowToPage(TestDatabase db) {
    NoteRepository notes = notes(db, 10);
    seed(notes, 12);

    assertThatThrownBy(notes::findAll)
        .isInstanceOfSatisfying(TransactionLimitExceededException.class,
            ex -> assertThat(ex.limit()).isEqualTo("maxDocumentsScanned"))
        .hasMessageStartingWith("findAll on the repository of Note returns every match, and "
            + "reading them passed a transaction limit: Transaction limit maxDocumentsScanned "
            + "exceeded at table \"notes\"")
        .hasMessageEndingWith("Read them page by page instead: findAll(ScrollPosition.keyset(), "
            + "Limit.of(n)), continuing from window.positionAt(window.size() - 1)");
    assertThatThrownBy(() -> notes.findByRankGreaterThan(0))
        .isInstanceOf(TransactionLimitExceededException.class)
        .hasMessageStartingWith("Repository method " + NoteRepository.class.getName()
            + ".findByRankGreaterThan(int) returns every match")
        .hasMessageEndingWith("declare it returning Window<Note> with a ScrollPosition "
            + "parameter, or pass a Limit");
    assertThat(notes.findAll(Limit.of(10))).hasSize(10);
    assertThat(notes.findByTopic("even")).hasSize(6);
  }
}
