package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.mapping.MappingEntities.Address;
import dev.betterconvex.orm.mapping.MappingEntities.Book;
import dev.betterconvex.orm.mapping.MappingEntities.Geo;
import dev.betterconvex.orm.mapping.MappingEntities.Note;
import dev.betterconvex.orm.mapping.MappingEntities.Person;
import dev.betterconvex.orm.mapping.MappingEntities.Status;
import dev.betterconvex.orm.mapping.MappingEntities.Writer;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Entities written by the converter, stored by a real engine, and read back. */
class EntityRoundTripTests {

  private final EntityConverter converter =
      new EntityConverter(new ConvexMappingContext(MappingEntities.schema()));

  static Person person() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("nickname", "ada");
    extra.put("visits", 3L);
    extra.put("nested", Map.of("ok", true));
    return new Person(null, 0.0, "Ada", 36, 9_000_000_000L, (short) 7, 0.5f, 61.5, true,
        new byte[] {1, 2, 3}, Status.DONE, List.of("math", "engines"),
        Set.of(Status.OPEN, Status.DONE), new long[] {4, 8, 15},
        new Address("London", "W1", new Geo(51.5, -0.12)),
        List.of(new Address("Paris", null, null)), extra);
  }

  @DatabaseTest
  void aRecordRoundTripsEveryMappedType(TestDatabase db) {
    ConvexEngine engine = engine(db);
    Document stored = store(engine, "people", converter.write(person()).fields());
    Person read = converter.read(Person.class, stored);
    assertThat(read).usingRecursiveComparison().ignoringFields("id", "createdAt")
        .isEqualTo(person());
    assertThat(read.id()).isEqualTo(stored.id());
    assertThat(read.createdAt()).isEqualTo(stored.creationTime()).isGreaterThan(1.7e12);
    assertThat(read.tags()).isInstanceOf(List.class);
    assertThat(read.history()).isInstanceOf(Set.class).containsExactlyInAnyOrder(Status.values());
  }

  @DatabaseTest
  void nullPropertiesAreLeftOutAndReadBackAsNull(TestDatabase db) {
    Person sparse = new Person(null, 0, "Grace", 85, null, (short) 0, 0f, null, null, null, null,
        null, null, null, null, null, null);
    Map<String, ?> fields = converter.write(sparse).fields();
    assertThat(fields).containsOnlyKeys("name", "age", "level", "ratio");
    Person read = converter.read(Person.class, store(engine(db), "people", fields));
    assertThat(read).usingRecursiveComparison().ignoringFields("id", "createdAt")
        .isEqualTo(sparse);
  }

  @DatabaseTest
  void missingAndNullFieldsReadAlikeIntoNullableProperties(TestDatabase db) {
    Map<String, Object> explicitNulls = new LinkedHashMap<>();
    explicitNulls.put("name", "Linus");
    explicitNulls.put("age", 54L);
    explicitNulls.put("level", 1L);
    explicitNulls.put("ratio", 1.0);
    explicitNulls.put("score", ConvexNull.INSTANCE);
    explicitNulls.put("address", ConvexNull.INSTANCE);
    Person read = converter.read(Person.class, store(engine(db), "people", explicitNulls));
    assertThat(read.score()).isNull();
    assertThat(read.address()).isNull();
    assertThat(read.tags()).isNull();
  }

  @DatabaseTest
  void aClassWithAPersistenceConstructorRoundTrips(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String writerId = engine.mutation(tx -> tx.insert("writers", Map.of("name", "Herbert")));
    Book book = new Book(null, null, "Dune", 412).authors(List.of("Frank Herbert"))
        .writerId(writerId);
    Map<String, ?> fields = converter.write(book).fields();
    assertThat(fields).containsOnlyKeys("title", "pages", "authors", "writerId");
    Document stored = store(engine, "books", fields);
    Book read = converter.read(Book.class, stored);
    assertThat(read.id()).isEqualTo(stored.id());
    assertThat(read.createdAt()).isEqualTo(stored.creationTime());
    assertThat(read.title()).isEqualTo("Dune");
    assertThat(read.pages()).isEqualTo(412);
    assertThat(read.authors()).containsExactly("Frank Herbert");
    assertThat(read.writerId()).isEqualTo(writerId);
    assertThat(read.writer()).as("relations are loaded by queries, not by the converter").isNull();
  }

  @DatabaseTest
  void aClassWithANoArgConstructorRoundTrips(TestDatabase db) {
    Note note = new Note();
    note.setText("remember the milk");
    note.setViews(3);
    note.setStatus(Status.OPEN);
    note.setRendered("<p>remember the milk</p>");
    note.setCached("cached");
    Map<String, ?> fields = converter.write(note).fields();
    assertThat(fields).containsOnlyKeys("text", "views", "status");
    Document stored = store(engine(db), "notes", fields);
    Note read = converter.read(Note.class, stored);
    assertThat(read.getId()).isEqualTo(stored.id());
    assertThat(read.getCreatedAt()).isEqualTo(stored.creationTime());
    assertThat(read.getText()).isEqualTo("remember the milk");
    assertThat(read.getViews()).isEqualTo(3);
    assertThat(read.getStatus()).isEqualTo(Status.OPEN);
    assertThat(read.getRendered()).isNull();
    assertThat(read.getCached()).isNull();
  }

  @DatabaseTest
  void relationPropertiesAreNeverWrittenAndReadAsNull(TestDatabase db) {
    Writer writer = new Writer("ignored", "Ursula", List.of(new Book(null, null, "x", 1)));
    Map<String, ?> fields = converter.write(writer).fields();
    assertThat(fields).containsOnlyKeys("name");
    Writer read = converter.read(Writer.class, store(engine(db), "writers", fields));
    assertThat(read.name()).isEqualTo("Ursula");
    assertThat(read.books()).isNull();
  }

  @DatabaseTest
  void fieldsAreReadByNameInTheirPropertiesTypes(TestDatabase db) {
    ConvexEngine engine = engine(db);
    Document stored = store(engine, "people", converter.write(person()).fields());
    Map<String, Object> row = converter.read(stored,
        List.of("state", "_id", "level", "address", "address.city", "score", "_creationTime",
            "lucky"));
    assertThat(row).containsOnlyKeys("state", "_id", "level", "address", "address.city", "score",
        "_creationTime", "lucky");
    assertThat(row.get("state")).isEqualTo(Status.DONE);
    assertThat(row.get("_id")).isEqualTo(stored.id());
    assertThat(row.get("level")).isEqualTo((short) 7);
    assertThat(row.get("address")).isEqualTo(new Address("London", "W1", new Geo(51.5, -0.12)));
    assertThat(row.get("address.city")).isEqualTo("London");
    assertThat(row.get("score")).isEqualTo(9_000_000_000L);
    assertThat(row.get("_creationTime")).isEqualTo(stored.creationTime());
    assertThat(row.get("lucky")).isEqualTo(new long[] {4, 8, 15});
    Document sparse = store(engine, "people", converter.write(new Person(null, 0, "Grace", 85,
        null, (short) 0, 0f, null, null, null, null, null, null, null, null, null, null)).fields());
    assertThat(converter.read(sparse, List.of("score", "name", "nope")))
        .containsEntry("score", null).containsEntry("name", "Grace").containsEntry("nope", null);
  }

  static ConvexEngine engine(TestDatabase db) {
    return ConvexEngine.builder(db.dataSource(), MappingEntities.schema()).build();
  }

  static Document store(ConvexEngine engine, String table, Map<String, ?> fields) {
    String id = engine.mutation(tx -> tx.insert(table, fields));
    return engine.query(tx -> tx.get(id)).orElseThrow();
  }
}
