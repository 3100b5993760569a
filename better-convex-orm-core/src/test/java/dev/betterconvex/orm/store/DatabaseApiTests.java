package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.DocumentId;
import dev.betterconvex.orm.value.InvalidIdException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.IncorrectResultSizeDataAccessException;

class DatabaseApiTests {

  static Schema schema() {
    return Schema.builder()
        .table("users", t -> {
          t.field("name", FieldType.string()).notNull();
          t.field("age", FieldType.int64());
          t.field("nick", FieldType.string());
          t.index("by_name", "name");
        })
        .table("posts", t -> {
          t.field("author", FieldType.id("users"));
          t.field("title", FieldType.string());
          t.field("score", FieldType.float64());
          t.index("by_author_score", "author", "score");
        })
        .build();
  }

  static ConvexEngine engine(TestDatabase db) {
    return ConvexEngine.builder(db.dataSource(), schema()).build();
  }

  @DatabaseTest
  void insertsAndReadsBackWithSystemFields(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String id = engine.mutation(tx -> tx.insert("users", Map.of("name", "ada", "age", 36)));
    Document doc = engine.query(tx -> tx.get(id)).orElseThrow();
    assertThat(doc.id()).isEqualTo(id).hasSize(32);
    assertThat(doc.table()).isEqualTo("users");
    assertThat(doc.get("name")).isEqualTo(new ConvexString("ada"));
    assertThat(doc.get("age")).isEqualTo(new ConvexInt64(36));
    assertThat(doc.get("_id")).isEqualTo(new ConvexString(id));
    assertThat(doc.creationTime()).isGreaterThan(1.7e12);
    assertThat(DocumentId.decode(id).tableNumber()).isGreaterThanOrEqualTo(10001);
    assertThat(engine.<Optional<Document>>query(tx -> tx.get("users", id))).contains(doc);
    assertThat(engine.<Optional<Document>>query(tx -> tx.get("posts", id))).isEmpty();
    assertThatThrownBy(() -> engine.query(tx -> tx.get("users", "zzz")))
        .isInstanceOf(InvalidIdException.class);
  }

  @DatabaseTest
  void creationTimesStrictlyIncreaseWithinATransaction(TestDatabase db) {
    ConvexEngine engine = engine(db);
    List<String> ids = engine.mutation(tx -> {
      List<String> out = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        out.add(tx.insert("users", Map.of("name", "u" + i)));
      }
      return out;
    });
    List<Document> docs = engine.query(tx -> tx.query("users").collect());
    assertThat(docs).extracting(Document::id).containsExactlyElementsOf(ids);
    for (int i = 1; i < docs.size(); i++) {
      assertThat(docs.get(i).creationTime()).isGreaterThan(docs.get(i - 1).creationTime());
    }
  }

  @DatabaseTest
  void patchReplaceAndDelete(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String id = engine.mutation(tx -> tx.insert("users", Map.of("name", "ada", "age", 36)));
    engine.mutation(tx -> {
      Map<String, Object> patch = new HashMap<>();
      patch.put("age", DatabaseWriter.UNSET);
      patch.put("nick", "countess");
      tx.patch(id, patch);
      return null;
    });
    Document patched = engine.query(tx -> tx.get(id)).orElseThrow();
    assertThat(patched.get("age")).isNull();
    assertThat(patched.get("nick")).isEqualTo(new ConvexString("countess"));
    assertThat(patched.get("name")).isEqualTo(new ConvexString("ada"));

    engine.mutation(tx -> {
      tx.replace(id, Map.of("name", "grace"));
      return null;
    });
    Document replaced = engine.query(tx -> tx.get(id)).orElseThrow();
    assertThat(replaced.fields().fields()).containsOnlyKeys("name");
    assertThat(replaced.creationTime()).isEqualTo(patched.creationTime());
    assertThat(engine.<Optional<Document>>query(tx -> tx.query("users").withIndex("by_name", r -> r.eq("name", "grace"))
        .unique())).map(Document::id).contains(id);
    assertThat(engine.<Optional<Document>>query(tx -> tx.query("users").withIndex("by_name", r -> r.eq("name", "ada"))
        .first())).isEmpty();

    engine.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    assertThat(engine.<Optional<Document>>query(tx -> tx.get(id))).isEmpty();
    assertThat(engine.<List<Document>>query(tx -> tx.query("users").withIndex("by_name").collect())).isEmpty();
  }

  @DatabaseTest
  void systemFieldsCanNeverBeWritten(TestDatabase db) {
    ConvexEngine engine = engine(db);
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("users",
        Map.of("name", "x", "_id", "abc"))))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("\"_id\"").hasMessageContaining("users");
    String id = engine.mutation(tx -> tx.insert("users", Map.of("name", "x")));
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("_creationTime", 1.0));
      return null;
    })).isInstanceOf(InvalidDocumentException.class).hasMessageContaining("_creationTime");
  }

  @DatabaseTest
  void documentsMustMatchTheSchema(TestDatabase db) {
    ConvexEngine engine = engine(db);
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("users", Map.of("age", 3))))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("Failed to insert or update a document in table \"users\" because it does not "
            + "match the schema: Object is missing the required field `name`.");
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("users",
        Map.of("name", "x", "shoeSize", 44))))
        .hasMessageContaining("Object contains extra field `shoeSize` that is not in the validator.");
    assertThatThrownBy(() -> engine.mutation(tx -> tx.insert("users",
        Map.of("name", "x", "age", 3.5))))
        .hasMessageContaining("Field `age` must be int64, got float64 3.5.");
    String id = engine.mutation(tx -> tx.insert("users", Map.of("name", "x")));
    Map<String, Object> nullName = new HashMap<>();
    nullName.put("name", null);
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, nullName);
      return null;
    })).hasMessageContaining("Field `name` must be a not-null string, got null null.");
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("name", DatabaseWriter.UNSET));
      return null;
    })).hasMessageContaining("missing the required field `name`");
    assertThat(engine.<Long>query(tx -> (long) tx.query("users").collect().size())).isEqualTo(1);
  }

  @DatabaseTest
  void malformedIdsAreInvalidArgumentsAndMissingDocumentsAreEmpty(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String id = engine.mutation(tx -> tx.insert("users", Map.of("name", "x")));
    engine.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    assertThat(engine.<Optional<Document>>query(tx -> tx.get(id))).isEmpty();
    assertThatThrownBy(() -> engine.query(tx -> tx.get("not-an-id")))
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.patch(id, Map.of("name", "y"));
      return null;
    })).isInstanceOf(InvalidDocumentException.class)
        .hasMessage("Update on nonexistent document ID " + id);
    assertThatThrownBy(() -> engine.mutation(tx -> {
      tx.delete(id);
      return null;
    })).hasMessage("Delete on nonexistent document ID " + id);
  }

  @DatabaseTest
  void normalizeIdChecksTheTableAndReadsNothing(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String userId = engine.mutation(tx -> tx.insert("users", Map.of("name", "x")));
    long readsBefore = engine.statistics().documentsRead();
    assertThat(engine.<Optional<String>>query(tx -> tx.normalizeId("users", userId))).contains(userId);
    assertThat(engine.<Optional<String>>query(tx -> tx.normalizeId("posts", userId))).isEmpty();
    assertThat(engine.<Optional<String>>query(tx -> tx.normalizeId("users", "garbage"))).isEmpty();
    assertThat(engine.statistics().documentsRead()).isEqualTo(readsBefore);
  }

  @DatabaseTest
  void indexRangesReadInKeyOrderBothWays(TestDatabase db) {
    ConvexEngine engine = engine(db);
    String a = engine.mutation(tx -> tx.insert("users", Map.of("name", "a")));
    String b = engine.mutation(tx -> tx.insert("users", Map.of("name", "b")));
    engine.mutation(tx -> {
      tx.insert("posts", Map.of("author", a, "title", "a1", "score", 1.5));
      tx.insert("posts", Map.of("author", a, "title", "a2", "score", -2.0));
      tx.insert("posts", Map.of("author", a, "title", "a3", "score", 7.0));
      tx.insert("posts", Map.of("author", b, "title", "b1", "score", 3.0));
      tx.insert("posts", Map.of("author", a, "title", "a4"));
      return null;
    });
    assertThat(titles(engine, a, Order.ASC)).containsExactly("a4", "a2", "a1", "a3");
    assertThat(titles(engine, a, Order.DESC)).containsExactly("a3", "a1", "a2", "a4");
    List<Document> ranged = engine.query(tx -> tx.query("posts")
        .withIndex("by_author_score", r -> r.eq("author", a).gt("score", 0.0).lte("score", 7.0))
        .collect());
    assertThat(ranged).extracting(d -> d.get("title").toString()).containsExactly("\"a1\"", "\"a3\"");
    List<Document> missingScore = engine.query(tx -> tx.query("posts")
        .withIndex("by_author_score", r -> r.eq("author", a).eqMissing("score")).collect());
    assertThat(missingScore).extracting(d -> d.get("title").toString()).containsExactly("\"a4\"");
    assertThat(engine.<List<Document>>query(tx -> tx.query("posts").order(Order.DESC).take(2)))
        .extracting(d -> d.get("title").toString()).containsExactly("\"a4\"", "\"b1\"");
    assertThatThrownBy(() -> engine.query(tx -> tx.query("posts")
        .withIndex("by_author_score", r -> r.eq("author", a)).unique()))
        .isInstanceOf(IncorrectResultSizeDataAccessException.class);
  }

  @DatabaseTest
  void illegalRangesAreRejectedWithConvexWording(TestDatabase db) {
    ConvexEngine engine = engine(db);
    assertThatThrownBy(() -> engine.query(tx -> tx.query("posts")
        .withIndex("by_author_score", r -> r.eq("score", 1.0)).collect()))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("Tried to query index posts.by_author_score but the query didn't use "
            + "the index fields in order.")
        .hasMessageContaining("First incorrect field: \"score\"");
    assertThatThrownBy(() -> engine.query(tx -> tx.query("posts")
        .withIndex("by_nothing").collect()))
        .isInstanceOf(InvalidIndexRangeException.class).hasMessageContaining("posts.by_nothing");
  }

  static List<String> titles(ConvexEngine engine, String author, Order order) {
    return engine.query(tx -> tx.query("posts")
        .withIndex("by_author_score", r -> r.eq("author", author)).order(order).collect())
        .stream().map(d -> ((ConvexString) d.get("title")).value()).toList();
  }
}
