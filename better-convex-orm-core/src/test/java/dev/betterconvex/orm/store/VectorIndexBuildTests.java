package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Vector index tables at bootstrap: built from the documents already stored, rebuilt when the
 * definition changes, kept (and maintained) when another build does not declare them, refused
 * by VALIDATE when missing, on both databases.
 */
class VectorIndexBuildTests {

  /** Items with a 2-dimensional vector; the index filters on {@code filters}, or is absent. */
  static Schema schema(String... filters) {
    return Schema.builder().table("items", t -> {
      t.field("name", FieldType.string()).notNull();
      t.field("cat", FieldType.string());
      t.field("owner", FieldType.string());
      t.field("v", FieldType.vector(2));
      if (filters.length > 0 && !filters[0].equals("none")) {
        t.vectorIndex("by_v", "v", 2, filters);
      }
      else if (filters.length == 0) {
        t.vectorIndex("by_v", "v", 2);
      }
    }).build();
  }

  static List<String> search(ConvexEngine engine, List<Map<String, ConvexValue>> anyOf) {
    return engine.query(db -> {
      Iterator<VectorHit> hits = EngineInternals.of(db).vectorSearch(new VectorQuery("items",
          "by_v", new float[] {1, 0}, anyOf, VectorScoring.COSINE, s -> true), 10);
      List<String> names = new ArrayList<>();
      while (hits.hasNext()) {
        names.add((String) db.get(hits.next().id()).orElseThrow().getJava("name"));
      }
      return names;
    });
  }

  static void insert(ConvexEngine engine, String name, String cat, String owner,
      List<Double> v) {
    engine.mutation(tx -> tx.insert("items", v == null
        ? Map.of("name", name, "cat", cat, "owner", owner)
        : Map.of("name", name, "cat", cat, "owner", owner, "v", v)));
  }

  static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @DatabaseTest
  void buildsFromStoredDocumentsAndRebuildsAChangedDefinition(TestDatabase db)
      throws SQLException {
    ConvexEngine plain = ConvexEngine.builder(db.dataSource(), schema("none")).build();
    insert(plain, "near", "a", "ann", List.of(1.0, 0.1));
    insert(plain, "far", "b", "bob", List.of(0.0, 1.0));
    insert(plain, "none", "a", "ann", null);

    ConvexEngine indexed = ConvexEngine.builder(db.dataSource(), schema("cat")).build();
    assertThat(search(indexed, List.of(Map.of()))).containsExactly("near", "far");
    assertThat(search(indexed, List.of(Map.of("cat", new ConvexString("b")))))
        .containsExactly("far");
    assertThatThrownBy(() -> search(indexed, List.of(Map.of("owner", new ConvexString("bob")))))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("owner is not a filter field of vector index items.by_v");

    ConvexEngine changed = ConvexEngine.builder(db.dataSource(), schema("cat", "owner")).build();
    assertThat(search(changed, List.of(Map.of("owner", new ConvexString("bob")))))
        .containsExactly("far");
    assertThat(count(db, "SELECT COUNT(*) FROM bc_vector_indexes")).isEqualTo(1);
    // the engine that knew the old table writes through the new one (its write is re-run)
    insert(indexed, "late", "b", "bob", List.of(1.0, 0.0));
    assertThat(search(changed, List.of(Map.of("owner", new ConvexString("bob")))))
        .containsExactly("late", "far");
    assertThatThrownBy(() -> search(indexed, List.of(Map.of())))
        .hasMessageContaining("Vector index items.by_v is declared, but the database holds no "
            + "vector index by_v with its definition");
  }

  @DatabaseTest
  void anUndeclaredIndexIsKeptAndMaintainedUnlessDropped(TestDatabase db) throws SQLException {
    ConvexEngine indexed = ConvexEngine.builder(db.dataSource(), schema()).build();
    ConvexEngine other = ConvexEngine.builder(db.dataSource(), schema("none")).build();
    insert(other, "written by the other build", "a", "ann", List.of(1.0, 0.0));
    String id = other.mutation(tx -> tx.insert("items", Map.of("name", "deleted",
        "v", List.of(1.0, 0.0))));
    other.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    assertThat(search(indexed, List.of(Map.of()))).containsExactly("written by the other build");

    ConvexEngine.builder(db.dataSource(), schema("none")).settings(EngineSettings.DEFAULTS
        .withBootstrap(EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED))
        .build();
    assertThat(count(db, "SELECT COUNT(*) FROM bc_vector_indexes")).isZero();
  }

  @DatabaseTest
  void validateRefusesAMissingVectorIndex(TestDatabase db) {
    ConvexEngine.builder(db.dataSource(), schema("none")).build();
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(), schema())
        .settings(EngineSettings.DEFAULTS.withBootstrap(EngineSettings.BootstrapMode.VALIDATE))
        .build())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("vector index items.by_v does not exist");
    ConvexEngine.builder(db.dataSource(), schema()).build();
    ConvexEngine.builder(db.dataSource(), schema())
        .settings(EngineSettings.DEFAULTS.withBootstrap(EngineSettings.BootstrapMode.VALIDATE))
        .build();
  }
}
