package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import dev.betterconvex.orm.value.KeyEncoding;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Starting this build on a database written in storage layout 1 migrates it: every document
 * keeps its id, {@code _creationTime} and fields, and every index reads in the same order.
 */
class LayoutMigrationTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("people", t -> {
        t.field("name", FieldType.string());
        t.field("city", FieldType.string());
        t.field("age", FieldType.int64());
        t.index("by_city", "city", "name");
        t.index("by_age", "age");
      })
      .table("pets", t -> {
        t.field("owner", FieldType.string());
        t.index("by_owner", "owner");
      })
      .build();

  private static List<Document> writeLayout1(TestDatabase db) {
    Layout1Fixture fixture = new Layout1Fixture(db, SCHEMA);
    Random random = new Random(7);
    List<Document> docs = new ArrayList<>();
    String[] cities = {"oslo", "paris", "lima"};
    for (int i = 0; i < 120; i++) {
      Map<String, ConvexValue> fields = new TreeMap<>();
      fields.put("name", JavaValues.toValue("p" + random.nextInt(50)));
      if (i % 7 != 0) {
        fields.put("city", JavaValues.toValue(cities[random.nextInt(3)]));
      }
      fields.put("age", JavaValues.toValue((long) random.nextInt(90) - 5));
      docs.add(fixture.insert("people", ConvexObject.of(fields)));
    }
    for (int i = 0; i < 30; i++) {
      docs.add(fixture.insert("pets", ConvexObject.of(
          Map.of("owner", JavaValues.toValue(docs.get(i).id())))));
    }
    return docs;
  }

  @DatabaseTest
  void aLayout1DatabaseIsMigratedWithIdsCreationTimesAndEveryIndexIntact(TestDatabase db)
      throws SQLException {
    List<Document> docs = writeLayout1(db);
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertMigrated(engine, docs);
    assertThat(layoutVersion(db)).isEqualTo(db.kind() == TestDatabase.Kind.H2 ? "3" : "2");

    ConvexEngine again = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertMigrated(again, docs);
    String added = again.mutation(tx -> tx.insert("pets", Map.of("owner", "new")));
    assertThat(again.<List<Document>>query(tx -> tx.query("pets")
        .withIndex("by_owner", r -> r.eq("owner", "new")).collect()))
        .extracting(Document::id).containsExactly(added);
  }

  @DatabaseTest
  void concurrentStartsOnALayout1DatabaseMigrateItOnce(TestDatabase db) {
    List<Document> docs = writeLayout1(db);
    List<CompletableFuture<ConvexEngine>> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starts.add(CompletableFuture.supplyAsync(
          () -> ConvexEngine.builder(db.dataSource(), SCHEMA).build()));
    }
    for (CompletableFuture<ConvexEngine> start : starts) {
      assertMigrated(start.join(), docs);
    }
  }

  @DatabaseTest
  void validateModeRefusesALayout1Database(TestDatabase db) {
    writeLayout1(db);
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withBootstrap(EngineSettings.BootstrapMode.VALIDATE))
        .build())
        .hasMessageContaining("layout 1").hasMessageContaining("VALIDATE");
  }

  private static void assertMigrated(ConvexEngine engine, List<Document> docs) {
    for (Document doc : docs) {
      assertThat(engine.<java.util.Optional<Document>>query(tx -> tx.get(doc.id()))).contains(doc);
    }
    for (String table : List.of("people", "pets")) {
      List<Document> ofTable = docs.stream().filter(d -> d.table().equals(table)).toList();
      for (IndexSchema index : SCHEMA.requireTable(table).allIndexes()) {
        List<String> expected = ofTable.stream()
            .sorted(Comparator.comparing(d -> key(index, d), Arrays::compareUnsigned))
            .map(Document::id).toList();
        for (Order order : Order.values()) {
          List<String> read = engine.query(tx -> tx.query(table).withIndex(index.name())
              .order(order).collect()).stream().map(Document::id).toList();
          List<String> want = new ArrayList<>(expected);
          if (order == Order.DESC) {
            java.util.Collections.reverse(want);
          }
          assertThat(read).as(table + "." + index.name() + " " + order)
              .containsExactlyElementsOf(want);
        }
      }
    }
  }

  private static byte[] key(IndexSchema index, Document doc) {
    List<ConvexValue> values = new ArrayList<>();
    for (String field : index.keyFields()) {
      values.add(doc.get(field));
    }
    return KeyEncoding.encodeTuple(values);
  }

  private static String layoutVersion(TestDatabase db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT meta_value FROM bc_meta WHERE meta_key = 'layout_version'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
