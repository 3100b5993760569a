package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.MappingEntities.Book;
import dev.betterconvex.orm.mapping.MappingEntities.Writer;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.data.mapping.MappingException;

/** Relation properties set from loaded relations: constructor arguments and fields alike. */
class EntityRelationReadTests {

  private final EntityConverter converter =
      new EntityConverter(new ConvexMappingContext(MappingEntities.schema()));

  @DatabaseTest
  void setsLoadedRelationsOnRecordsAndClasses(TestDatabase db) {
    ConvexEngine engine = EntityRoundTripTests.engine(db);
    Document writerDoc = EntityRoundTripTests.store(engine, "writers", Map.of("name", "Le Guin"));
    Document bookDoc = EntityRoundTripTests.store(engine, "books",
        Map.of("title", "The Dispossessed", "pages", 387, "writerId", writerDoc.id()));

    Book book = converter.read(Book.class, bookDoc);
    Writer writer = converter.read(Writer.class, writerDoc, Map.of("books", List.of(book)));
    assertThat(writer.books()).containsExactly(book);

    Book withWriter = converter.read(Book.class, bookDoc, Map.of("writer", writer));
    assertThat(withWriter.writer()).isSameAs(writer);
    assertThat(withWriter.title()).isEqualTo("The Dispossessed");

    assertThat(converter.read(Writer.class, writerDoc).books()).isNull();
    assertThat(converter.read(Book.class, bookDoc).writer()).isNull();
  }

  @DatabaseTest
  void refusesALoadedValueThatDoesNotFitTheProperty(TestDatabase db) {
    ConvexEngine engine = EntityRoundTripTests.engine(db);
    Document bookDoc = EntityRoundTripTests.store(engine, "books",
        Map.of("title", "Lathe", "pages", 184));
    assertThatThrownBy(() -> converter.read(Book.class, bookDoc, Map.of("writer", List.of())))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Book.writer");
  }
}
