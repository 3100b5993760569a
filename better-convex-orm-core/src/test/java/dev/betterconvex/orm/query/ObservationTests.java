package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.eq;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.Map;

/** Every ORM read and write is observed with low-cardinality table, operation and index tags. */
class ObservationTests {

  @DatabaseTest
  void readsAndWritesAreObservedWithTableOperationAndIndex(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.builder()
        .table("items", t -> {
          t.field("status", FieldType.string()).notNull();
          t.index("by_status", "status");
        }).build()).build();
    TestObservationRegistry registry = TestObservationRegistry.create();
    ConvexOrm orm = new ConvexOrm(engine).withObservations(registry);
    new ConvexMutations(orm).insert("items").values(Map.of("status", "open")).execute();
    orm.query("items").where(eq("status", "open")).limit(5).findMany();
    assertThat(registry)
        .hasObservationWithNameEqualTo("better-convex.orm")
        .that().hasLowCardinalityKeyValue("table", "items")
        .hasLowCardinalityKeyValue("operation", "insert");
    assertThat(registry).hasAnObservation(o -> o
        .hasLowCardinalityKeyValue("operation", "findMany")
        .hasLowCardinalityKeyValue("index", "by_status"));
  }
}
