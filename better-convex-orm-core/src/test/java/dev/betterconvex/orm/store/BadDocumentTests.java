package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.DocumentLimits;
import dev.betterconvex.orm.value.JavaValues;
import java.util.List;
import java.util.Map;

/**
 * Every document within Convex's limits is stored and read back on both databases, whatever the
 * length of its JSON form; a document over them, or a value Convex cannot hold, is refused with
 * the engine's own exception naming the table and the field.
 */
class BadDocumentTests {

  @Table(name = "notes")
  record Note(@Id String id, @CreationTime double createdAt, @NotNull String text) {
  }

  private static final Schema SCHEMA = Schema.builder()
      .table("notes", t -> {
        t.field("text", FieldType.string()).notNull();
        t.field("meta", FieldType.any());
        t.index("by_meta", "meta");
      })
      .build();

  private static ConvexEngine engine(TestDatabase db) {
    return ConvexEngine.builder(db.dataSource(), SCHEMA).build();
  }

  /**
   * A text of {@code unit} repeated so that a note of it is {@code size} bytes as Convex
   * measures it (system fields included); each unit must be one UTF-8 byte.
   */
  private static String textFor(ConvexEngine engine, long size, String unit) {
    String probe = engine.mutation(tx -> tx.insert("notes", Map.of("text", "")));
    long empty = DocumentLimits.size(engine.<Document>query(tx -> tx.get(probe).orElseThrow())
        .toObject());
    engine.mutation(tx -> {
      tx.delete(probe);
      return null;
    });
    return unit.repeat((int) (size - empty));
  }

  @DatabaseTest
  void aDocumentOfExactlyTheLimitIsStoredAndReadBack(TestDatabase db) {
    ConvexEngine engine = engine(db);
    // Plain letters: the JSON form is just over 1,000,000 characters. Control characters: each
    // byte of the document is six characters of JSON (\u0001), over 6 MB.
    for (String unit : List.of("x", "\u0001")) {
      String text = textFor(engine, DocumentLimits.MAX_DOCUMENT_SIZE, unit);
      String id = engine.mutation(tx -> tx.insert("notes", Map.of("text", text)));

      Document read = engine.query(tx -> tx.get(id).orElseThrow());
      assertThat(DocumentLimits.size(read.toObject())).isEqualTo(DocumentLimits.MAX_DOCUMENT_SIZE);
      assertThat(read.getJava("text")).isEqualTo(text);
      assertThat(engine.<List<Document>>query(tx -> tx.query("notes").collect()))
          .extracting(Document::id).containsExactly(id);

      // Updates keep it readable, in both directions between short and long bodies.
      engine.mutation(tx -> {
        tx.patch(id, Map.of("text", "short"));
        return null;
      });
      assertThat(engine.<Document>query(tx -> tx.get(id).orElseThrow()).getJava("text"))
          .isEqualTo("short");
      engine.mutation(tx -> {
        tx.replace(id, Map.of("text", text));
        return null;
      });
      assertThat(engine.<Document>query(tx -> tx.get(id).orElseThrow()).getJava("text"))
          .isEqualTo(text);
      engine.mutation(tx -> {
        tx.delete(id);
        return null;
      });
    }
  }

  @DatabaseTest
  void aDocumentOneByteOverTheLimitIsRefusedNamingTableAndLimit(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String text = textFor(engine, DocumentLimits.MAX_DOCUMENT_SIZE + 1, "x");

    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("notes", Map.of("text", text))))
        .isInstanceOfSatisfying(DocumentTooLargeException.class, ex -> {
          assertThat(ex.table()).isEqualTo("notes");
          assertThat(ex.size()).isEqualTo(DocumentLimits.MAX_DOCUMENT_SIZE + 1);
        })
        .hasMessage("Document in table \"notes\" is 1048577 bytes (its largest field is "
            + "\"text\" with " + (text.length() + 2) + " bytes), the limit is 1048576 bytes "
            + "(1 MiB)");
    String id = engine.mutation(tx -> tx.insert("notes", Map.of("text", "small")));
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("text", text));
      return null;
    })).isInstanceOf(DocumentTooLargeException.class);
    assertThat(engine.<List<Document>>query(tx -> tx.query("notes").collect()))
        .extracting(d -> d.getJava("text")).containsExactly("small");
  }

  @DatabaseTest
  void anUnpairedSurrogateIsAnInvalidValueNamingTableAndField(TestDatabase db) {
    ConvexEngine engine = engine(db);
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("notes", Map.of("text", "a\ud800"))))
        .isInstanceOfSatisfying(InvalidValueException.class, ex -> {
          assertThat(ex.table()).isEqualTo("notes");
          assertThat(ex.field()).isEqualTo("text");
        })
        .hasMessage("Field \"text\" of table \"notes\" holds a value Convex cannot store: "
            + "Convex strings must be valid Unicode, found an unpaired surrogate U+D800 at "
            + "index 1");
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("notes",
        Map.of("text", "ok", "meta", Map.of("\udc00key", 1L)))))
        .isInstanceOfSatisfying(InvalidValueException.class,
            ex -> assertThat(ex.field()).isEqualTo("meta"))
        .hasMessageContaining("U+DC00");
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("notes",
        Map.of("text", "ok", "\ud800", 1L))))
        .isInstanceOfSatisfying(InvalidValueException.class,
            ex -> assertThat(ex.field()).isEqualTo("\ud800"))
        .hasMessageStartingWith("Field \"\\uD800\" of table \"notes\" holds a value Convex "
            + "cannot store: invalid field name: field names may only contain non-control "
            + "ASCII characters, found U+D800 at index 0");
    String id = engine.mutation(tx -> tx.insert("notes", Map.of("text", "ok")));
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("text", "\udfff"));
      return null;
    })).isInstanceOf(InvalidValueException.class);
  }

  @DatabaseTest
  void theOrmRefusesUnpairedSurrogatesInEntitiesAndMaps(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Note.class))
        .build();
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine));
    assertThatThrownBy(() -> mutations.insert(Note.class)
        .values(new Note(null, 0, "\ud800")).execute())
        .isInstanceOfSatisfying(InvalidValueException.class, ex -> {
          assertThat(ex.table()).isEqualTo("notes");
          assertThat(ex.field()).isEqualTo("text");
        });
    assertThatThrownBy(() -> mutations.insert("notes").values(Map.of("text", "\ud800"))
        .execute())
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("unpaired surrogate");
    assertThat(engine.<List<Document>>query(tx -> tx.query("notes").collect())).isEmpty();
  }

  @DatabaseTest
  void aLayoutOneBodyKeptInTheOverflowColumnIsMigratedIntact(TestDatabase db) {
    String text = "y".repeat(1_000_100);
    Layout1Fixture fixture = new Layout1Fixture(db, SCHEMA).withOverflowBodies();
    Document written = fixture.insert("notes",
        new ConvexObject(new java.util.TreeMap<>(Map.of("text", JavaValues.toValue(text)))));

    ConvexEngine migrated = engine(db);
    ConvexEngine again = engine(db);

    assertThat(again.<Document>query(tx -> tx.get(written.id()).orElseThrow()).getJava("text"))
        .isEqualTo(text);
    assertThat(migrated.<List<Document>>query(tx -> tx.query("notes").collect())).hasSize(1);
  }

}
