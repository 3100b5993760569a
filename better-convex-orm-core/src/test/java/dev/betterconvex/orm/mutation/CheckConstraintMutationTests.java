package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;

class CheckConstraintMutationTests {

  static final Schema SCHEMA = Schema.builder()
      .table("bookings", t -> {
        t.field("room", FieldType.string()).notNull();
        t.field("start", FieldType.int64());
        t.field("end", FieldType.int64());
        t.field("guests", FieldType.int64());
        t.field("email", FieldType.string());
        t.field("phone", FieldType.string());
        t.index("by_room", "room");
        t.check("guests_positive", row -> row.getLong("guests") > 0, "guests");
        t.check("end_after_start", row -> row.getLong("end") > row.getLong("start"), "start",
            "end");
        t.check("reachable", row -> !row.isNull("email") || !row.isNull("phone"));
      })
      .build();

  private static ConvexMutations mutations(TestDatabase db) {
    return new ConvexMutations(new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA)
        .build()));
  }

  @DatabaseTest
  void aCheckFailsOnlyWhenFalseAndNamesTheConstraintAndTable(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    assertThatThrownBy(() -> mutations.insert("bookings")
        .values(Map.of("room", "a", "guests", 0L, "email", "x")).execute())
        .isInstanceOfSatisfying(CheckConstraintViolationException.class, ex -> {
          assertThat(ex.table()).isEqualTo("bookings");
          assertThat(ex.constraint()).isEqualTo("guests_positive");
        })
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessage("Check constraint \"guests_positive\" of table \"bookings\" is violated by "
            + "guests = 0n");
    assertThatThrownBy(() -> mutations.insert("bookings")
        .values(Map.of("room", "a", "start", 5L, "end", 3L, "email", "x")).execute())
        .hasMessage("Check constraint \"end_after_start\" of table \"bookings\" is violated by "
            + "[start, end] = [5n, 3n]");
    assertThatThrownBy(() -> mutations.insert("bookings").values(Map.of("room", "a")).execute())
        .isInstanceOf(CheckConstraintViolationException.class)
        .hasMessageContaining("\"reachable\"");
  }

  @DatabaseTest
  void aNullOrMissingInputMakesTheCheckUnknownAndTheRowPasses(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    Map<String, Object> nullGuests = new HashMap<>();
    nullGuests.put("room", "a");
    nullGuests.put("guests", null);
    nullGuests.put("start", 5L);
    nullGuests.put("phone", "123");
    assertThat(mutations.insert("bookings").values(nullGuests).execute().affected())
        .isEqualTo(1);
  }

  @DatabaseTest
  void checksRunOnUpdatesToo(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    mutations.insert("bookings").values(Map.of("room", "a", "start", 1L, "end", 2L,
        "email", "x")).execute();
    assertThatThrownBy(() -> mutations.update("bookings").set(Map.of("end", 0L))
        .where(eq("room", "a")).execute())
        .isInstanceOf(CheckConstraintViolationException.class)
        .hasMessageContaining("end_after_start");
    assertThat(mutations.update("bookings").set(Map.of("end", 9L)).where(eq("room", "a"))
        .execute().affected()).isEqualTo(1);
  }
}
