package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.DocumentId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

class BootstrapTests {

  private static Schema schema(boolean withCityIndex) {
    return Schema.builder()
        .table("people", t -> {
          t.field("name", FieldType.string());
          t.field("city", FieldType.string());
          t.index("by_name", "name");
          if (withCityIndex) {
            t.index("by_city", "city", "name");
          }
        })
        .build();
  }

  @DatabaseTest
  void startingTwiceIsIdempotentAndKeepsTableNumbers(TestDatabase db) {
    ConvexEngine first = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    String id = first.mutation(tx -> tx.insert("people", Map.of("name", "ada", "city", "london")));
    ConvexEngine second = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    assertThat(second.<Optional<Document>>query(tx -> tx.get(id))).isPresent();
    assertThat(DocumentId.decode(id).tableNumber()).isEqualTo(10001);
    assertThat(second.<List<Document>>query(tx -> tx.query("people").withIndex("by_name").collect())).hasSize(1);
  }

  @DatabaseTest
  void concurrentStartsAgreeOnOneLayout(TestDatabase db) {
    List<CompletableFuture<ConvexEngine>> starts = List.of(
        CompletableFuture.supplyAsync(() -> ConvexEngine.builder(db.dataSource(), schema(true)).build()),
        CompletableFuture.supplyAsync(() -> ConvexEngine.builder(db.dataSource(), schema(true)).build()),
        CompletableFuture.supplyAsync(() -> ConvexEngine.builder(db.dataSource(), schema(true)).build()));
    List<ConvexEngine> engines = starts.stream().map(CompletableFuture::join).toList();
    String id = engines.get(0).mutation(tx -> tx.insert("people", Map.of("name", "x", "city", "y")));
    for (ConvexEngine engine : engines) {
      assertThat(engine.<List<Document>>query(tx -> tx.query("people").withIndex("by_city").collect()))
          .extracting(Document::id).containsExactly(id);
    }
  }

  @DatabaseTest
  void anIndexAddedToATableWithRowsIsBackfilled(TestDatabase db) {
    ConvexEngine before = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    before.mutation(tx -> {
      tx.insert("people", Map.of("name", "b", "city", "paris"));
      tx.insert("people", Map.of("name", "a", "city", "paris"));
      tx.insert("people", Map.of("name", "c", "city", "oslo"));
      return null;
    });
    ConvexEngine after = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    List<Document> paris = after.query(tx -> tx.query("people")
        .withIndex("by_city", r -> r.eq("city", "paris")).collect());
    assertThat(paris).extracting(d -> d.getJava("name")).containsExactly("a", "b");
    String added = after.mutation(tx -> tx.insert("people", Map.of("name", "d", "city", "oslo")));
    assertThat(after.<List<Document>>query(tx -> tx.query("people").withIndex("by_city", r -> r.eq("city", "oslo"))
        .collect())).extracting(d -> d.getJava("name")).containsExactly("c", "d");

    // Dropping the index explicitly removes it; re-adding it rebuilds it from the rows.
    ConvexEngine.builder(db.dataSource(), schema(false)).settings(EngineSettings.DEFAULTS
        .withBootstrap(EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED)).build();
    assertThat(indexId(db, "by_city")).isNull();
    ConvexEngine again = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    assertThat(again.<List<Document>>query(tx -> tx.query("people").withIndex("by_city").collect()))
        .extracting(Document::id).hasSize(4).contains(added);
  }

  @DatabaseTest
  void validateModeChangesNothingAndNamesTheMismatch(TestDatabase db) {
    ConvexEngine.builder(db.dataSource(), schema(false)).build();
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(), schema(true))
        .settings(EngineSettings.DEFAULTS.withBootstrap(EngineSettings.BootstrapMode.VALIDATE))
        .build())
        .hasMessageContaining("people.by_city").hasMessageContaining("VALIDATE");
    ConvexEngine ok = ConvexEngine.builder(db.dataSource(), schema(false))
        .settings(EngineSettings.DEFAULTS.withBootstrap(EngineSettings.BootstrapMode.VALIDATE))
        .build();
    assertThat(ok.<List<Document>>query(tx -> tx.query("people").collect())).isEmpty();
  }

  @DatabaseTest
  void buildsWithDifferentIndexSetsAlternatingOnOneDatabaseKeepAndMaintainEveryIndex(
      TestDatabase db) {
    ConvexEngine newer = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    String a = newer.mutation(tx -> tx.insert("people", Map.of("name", "a", "city", "paris")));
    Integer byCity = indexId(db, "by_city");
    assertThat(byCity).isNotNull();

    // An older build without by_city starts: it keeps the index and maintains it on every write.
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    String b = older.mutation(tx -> tx.insert("people", Map.of("name", "b", "city", "paris")));
    older.mutation(tx -> {
      tx.patch(a, Map.of("city", "oslo"));
      return null;
    });
    assertThat(indexId(db, "by_city")).isEqualTo(byCity);
    assertThatThrownBy(() -> older.query(tx -> tx.query("people").withIndex("by_city").collect()))
        .hasMessageContaining("people.by_city");

    // The newer build starts again: the index is neither rebuilt nor stale.
    ConvexEngine again = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    assertThat(indexId(db, "by_city")).isEqualTo(byCity);
    assertThat(again.<List<Document>>query(tx -> tx.query("people")
        .withIndex("by_city", r -> r.eq("city", "paris")).collect()))
        .extracting(Document::id).containsExactly(b);
    assertThat(again.<List<Document>>query(tx -> tx.query("people")
        .withIndex("by_city", r -> r.eq("city", "oslo")).collect()))
        .extracting(Document::id).containsExactly(a);
  }

  private static Schema schemaWithCityIndexOn(String... fields) {
    return Schema.builder()
        .table("people", t -> {
          t.field("name", FieldType.string());
          t.field("city", FieldType.string());
          t.index("by_name", "name");
          t.index("by_city", fields);
        })
        .build();
  }

  @DatabaseTest
  void buildsDeclaringOneIndexWithOtherFieldsAlternatingKeepBothVersionsWithoutRebuilding(
      TestDatabase db) throws java.sql.SQLException {
    // The bookkeeping table as databases created before 2026-12-03 hold it: one version per name.
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE TABLE bc_indexes (index_id INTEGER PRIMARY KEY, "
          + "table_number INTEGER NOT NULL, index_name VARCHAR(64) NOT NULL, "
          + "index_fields VARCHAR(2000) NOT NULL, UNIQUE (table_number, index_name))");
    }
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schemaWithCityIndexOn("city"))
        .build();
    String a = older.mutation(tx -> tx.insert("people", Map.of("name", "a", "city", "paris")));
    List<Integer> olderVersion = indexIds(db, "by_city");

    // A newer build declares by_city on (city, name): a second version, the first one kept.
    ConvexEngine newer = ConvexEngine.builder(db.dataSource(),
        schemaWithCityIndexOn("city", "name")).build();
    List<Integer> bothVersions = indexIds(db, "by_city");
    assertThat(bothVersions).hasSize(2).containsAll(olderVersion);
    String b = newer.mutation(tx -> tx.insert("people", Map.of("name", "b", "city", "paris")));
    newer.mutation(tx -> {
      tx.patch(a, Map.of("city", "oslo"));
      return null;
    });

    // Each build starting again finds its own version: nothing is dropped or rebuilt, and each
    // version holds the writes of both builds.
    ConvexEngine olderAgain = ConvexEngine.builder(db.dataSource(),
        schemaWithCityIndexOn("city")).build();
    String c = olderAgain.mutation(tx -> tx.insert("people", Map.of("name", "c", "city", "oslo")));
    ConvexEngine newerAgain = ConvexEngine.builder(db.dataSource(),
        schemaWithCityIndexOn("city", "name")).build();
    assertThat(indexIds(db, "by_city")).isEqualTo(bothVersions);
    for (ConvexEngine engine : List.of(olderAgain, newerAgain)) {
      assertThat(engine.<List<Document>>query(tx -> tx.query("people")
          .withIndex("by_city", r -> r.eq("city", "paris")).collect()))
          .extracting(Document::id).containsExactly(b);
      assertThat(engine.<List<Document>>query(tx -> tx.query("people")
          .withIndex("by_city", r -> r.eq("city", "oslo")).collect()))
          .extracting(Document::id).containsExactly(a, c);
    }

    // Dropping is explicit: the build that drops undeclared indexes removes the other version.
    ConvexEngine.builder(db.dataSource(), schemaWithCityIndexOn("city", "name"))
        .settings(EngineSettings.DEFAULTS.withBootstrap(
            EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED)).build();
    assertThat(indexIds(db, "by_city")).hasSize(1).doesNotContainAnyElementsOf(olderVersion);
  }

  @DatabaseTest
  void anEngineStartedBeforeAnotherBuildAddedAnIndexMaintainsItWithoutARestart(TestDatabase db) {
    ConvexEngine older = ConvexEngine.builder(db.dataSource(), schema(false)).build();
    String a = older.mutation(tx -> tx.insert("people", Map.of("name", "a", "city", "paris")));
    String gone = older.mutation(tx -> tx.insert("people", Map.of("name", "g", "city", "paris")));
    ConvexEngine newer = ConvexEngine.builder(db.dataSource(), schema(true)).build();

    // The older engine still runs with the index set it started with: its update would leave
    // the key of the patched field stale, its insert lacks the new NOT NULL key column.
    older.mutation(tx -> {
      tx.patch(a, Map.of("city", "rome"));
      tx.delete(gone);
      return null;
    });
    String b = older.mutation(tx -> tx.insert("people", Map.of("name", "b", "city", "oslo")));
    String c = older.mutation(tx -> tx.insert("people", Map.of("name", "c", "city", "rome")));

    assertThat(byCity(newer, "rome")).containsExactly(a, c);
    assertThat(byCity(newer, "oslo")).containsExactly(b);
    assertThat(byCity(newer, "paris")).isEmpty();
    assertThatThrownBy(() -> older.query(tx -> tx.query("people").withIndex("by_city").collect()))
        .hasMessageContaining("people.by_city");
  }

  @DatabaseTest
  void anEngineWhoseIndexAnotherBuildDroppedStopsMaintainingItAndSaysSo(TestDatabase db) {
    ConvexEngine newer = ConvexEngine.builder(db.dataSource(), schema(true)).build();
    String a = newer.mutation(tx -> tx.insert("people", Map.of("name", "a", "city", "paris")));
    ConvexEngine.builder(db.dataSource(), schema(false)).settings(EngineSettings.DEFAULTS
        .withBootstrap(EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED)).build();

    String b = newer.mutation(tx -> tx.insert("people", Map.of("name", "b", "city", "oslo")));
    newer.mutation(tx -> {
      tx.patch(a, Map.of("city", "rome", "name", "z"));
      return null;
    });
    assertThat(newer.<List<Document>>query(tx -> tx.query("people").withIndex("by_name").collect()))
        .extracting(Document::id).containsExactly(b, a);
    assertThatThrownBy(() -> newer.query(tx -> tx.query("people").withIndex("by_city").collect()))
        .hasMessageContaining("people.by_city").hasMessageContaining("another build");
  }

  private static List<String> byCity(ConvexEngine engine, String city) {
    return engine.query(tx -> tx.query("people").withIndex("by_city", r -> r.eq("city", city))
        .collect().stream().map(Document::id).toList());
  }

  private static @org.jspecify.annotations.Nullable Integer indexId(TestDatabase db,
      String name) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(
            "SELECT index_id FROM bc_indexes WHERE index_name = ?")) {
      ps.setString(1, name);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
    catch (java.sql.SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static List<Integer> indexIds(TestDatabase db, String name) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(
            "SELECT index_id FROM bc_indexes WHERE index_name = ? ORDER BY index_id")) {
      ps.setString(1, name);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        List<Integer> ids = new java.util.ArrayList<>();
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
        return ids;
      }
    }
    catch (java.sql.SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
