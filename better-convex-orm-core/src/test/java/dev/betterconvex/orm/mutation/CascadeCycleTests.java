package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.mutation.MutationFixtures.id;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.ReferentialAction.CASCADE;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.dao.InvalidDataAccessApiUsageException;

class CascadeCycleTests {

  static final Schema SCHEMA = Schema.builder()
      .table("nodes", t -> {
        t.field("name", string()).notNull();
        t.field("parentId", id("nodes")).references("nodes", CASCADE);
        t.index("by_parent", "parentId");
      })
      .table("left", t -> {
        t.field("rightId", id("right")).references("right", CASCADE);
        t.index("by_right", "rightId");
      })
      .table("right", t -> {
        t.field("leftId", id("left")).references("left", CASCADE);
        t.index("by_left", "leftId");
      })
      .table("people", t -> {
        t.field("name", string()).notNull();
        t.field("mentorId", id("people")).references("people", SET_NULL);
        t.index("by_mentor", "mentorId");
      })
      .table("owners", t -> t.field("name", string()))
      .table("pets", t -> t.field("ownerId", id("owners")).references("owners"))
      .build();

  private ConvexMutations mutations;

  private void start(TestDatabase db) {
    mutations = new ConvexMutations(new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA)
        .build()));
  }

  private String insert(String table, Map<String, ?> fields) {
    return id(mutations.insert(table).values(fields).returning().execute());
  }

  private List<Document> rows(String table) {
    return mutations.orm().query(table).allowFullScan().findMany();
  }

  @DatabaseTest
  void aCascadeThroughASelfReferencingCycleEnds(TestDatabase db) {
    start(db);
    String a = insert("nodes", Map.of("name", "a"));
    String b = insert("nodes", Map.of("name", "b", "parentId", a));
    String c = insert("nodes", Map.of("name", "c", "parentId", b));
    mutations.update("nodes").set(Map.of("parentId", c)).where(eq("_id", a)).execute();
    insert("nodes", Map.of("name", "other"));

    MutationResult<Document> result = mutations.delete("nodes").where(eq("_id", b)).execute();

    assertThat(result.affected()).isEqualTo(1);
    assertThat(rows("nodes")).extracting(d -> d.getJava("name")).containsExactly("other");
  }

  @DatabaseTest
  void aCascadeThroughTwoTablesReferencingEachOtherEnds(TestDatabase db) {
    start(db);
    String l1 = insert("left", Map.of());
    String r1 = insert("right", Map.of("leftId", l1));
    mutations.update("left").set(Map.of("rightId", r1)).where(eq("_id", l1)).execute();
    String l2 = insert("left", Map.of("rightId", r1));
    String r2 = insert("right", Map.of("leftId", l2));

    mutations.delete("right").where(eq("_id", r1)).execute();

    assertThat(rows("left")).isEmpty();
    assertThat(rows("right")).isEmpty();
    assertThat(List.of(l1, l2, r1, r2)).hasSize(4);
  }

  @DatabaseTest
  void aRowThatReferencesItselfCanBeDeleted(TestDatabase db) {
    start(db);
    String a = insert("people", Map.of("name", "a"));
    mutations.update("people").set(Map.of("mentorId", a)).where(eq("_id", a)).execute();
    String b = insert("people", Map.of("name", "b", "mentorId", a));
    mutations.delete("people").where(eq("_id", a)).execute();
    assertThat(rows("people")).singleElement().satisfies(person -> {
      assertThat(person.id()).isEqualTo(b);
      assertThat(person.getJava("mentorId")).isNull();
    });
  }

  @DatabaseTest
  void aRestrictingKeyWithoutAnIndexNeedsAllowFullScanToBeChecked(TestDatabase db) {
    start(db);
    String owner = insert("owners", Map.of("name", "o"));
    String other = insert("owners", Map.of("name", "p"));
    insert("pets", Map.of("ownerId", owner));
    assertThatThrownBy(() -> mutations.delete("owners").where(eq("_id", other)).execute())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessage("Checking foreign key \"pets_ownerId_fk\" (on delete NO_ACTION) before "
            + "changing a row of table \"owners\" would read all of table \"pets\": no index of "
            + "\"pets\" is led by [ownerId]. Add one (index(\"by_ownerId\", \"ownerId\")), or "
            + "call allowFullScan() on the statement");
    assertThat(mutations.delete("owners").where(eq("_id", other)).allowFullScan().execute()
        .affected()).isEqualTo(1);
    assertThatThrownBy(() -> mutations.delete("owners").where(eq("_id", owner)).allowFullScan()
        .execute())
        .isInstanceOf(ForeignKeyViolationException.class);
  }
}
