package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.StaleVersionException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A {@code @Version} added to an entity whose table already holds documents: those documents
 * have no version field and read as version 0, on primitive and wrapper version properties.
 */
class VersionAddedLaterTests {

  @Table(name = "notes")
  record Note(@Id String id, String text) {
  }

  @Table(name = "notes")
  record VersionedNote(@Id String id, @Version long version, String text) {
  }

  @DatabaseTest
  void documentsWrittenBeforeTheVersionReadAsVersionZeroAndSaveAndDeleteWithIt(TestDatabase db) {
    ConvexOrm before = new ConvexOrm(ConvexEngine.builder(db.dataSource(),
        Schema.fromEntities(Note.class)).build());
    String first = new ConvexMutations(before).insert(Note.class)
        .values(new Note(null, "old")).returning().execute().rows().get(0).id();
    String second = new ConvexMutations(before).insert(Note.class)
        .values(new Note(null, "older")).returning().execute().rows().get(0).id();

    ConvexOrm after = new ConvexOrm(ConvexEngine.builder(db.dataSource(),
        Schema.fromEntities(VersionedNote.class)).build());
    SimpleBetterConvexRepository<VersionedNote> notes = repository(after);
    VersionedNote read = notes.findById(first).orElseThrow();
    assertThat(read.version()).isZero();

    VersionedNote saved = notes.save(new VersionedNote(first, read.version(), "new"));
    assertThat(saved.version()).isEqualTo(1);
    assertThatThrownBy(() -> notes.save(new VersionedNote(first, 0, "stale")))
        .isInstanceOf(StaleVersionException.class);
    assertThat(notes.findById(first)).map(VersionedNote::text).contains("new");

    // A map update of a document without the version counts from 0 too.
    new ConvexMutations(after).update("notes").set(Map.of("text", "patched"))
        .where(dev.betterconvex.orm.filter.Filters.eq("_id", second)).execute();
    assertThat(notes.findById(second)).map(VersionedNote::version).contains(1L);

    String third = new ConvexMutations(before).insert(Note.class)
        .values(new Note(null, "oldest")).returning().execute().rows().get(0).id();
    notes.delete(notes.findById(third).orElseThrow());
    assertThat(notes.findById(third)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static SimpleBetterConvexRepository<VersionedNote> repository(ConvexOrm orm) {
    return new SimpleBetterConvexRepository<>(orm, (ConvexPersistentEntity<VersionedNote>) orm
        .converter().getMappingContext().getRequiredPersistentEntity(VersionedNote.class));
  }
}
