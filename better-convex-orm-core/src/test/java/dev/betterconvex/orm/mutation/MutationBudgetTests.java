package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.mutation.MutationFixtures.contents;
import static dev.betterconvex.orm.mutation.MutationFixtures.id;
import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.store.TransactionLimitExceededException;
import dev.betterconvex.orm.store.TransactionLimits;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class MutationBudgetTests {

  private static ConvexEngine engine(TestDatabase db, TransactionLimits limits) {
    return ConvexEngine.builder(db.dataSource(), ForeignKeyActionTests.SCHEMA)
        .settings(EngineSettings.DEFAULTS.withLimits(limits)).build();
  }

  /**
   * One user with 6 posts of 2 comments each: deleting the user touches 19 rows, in this order:
   * the user, then each post followed by its comments (the 11th row is the fourth post).
   */
  private static String seed(ConvexMutations mutations) {
    String ada = id(mutations.insert("users").values(Map.of("name", "ada")).returning()
        .execute());
    mutations.insert("users").values(Map.of("name", "bob")).execute();
    for (int p = 0; p < 6; p++) {
      String post = id(mutations.insert("posts").values(Map.of("authorId", ada, "title", "p" + p))
          .returning().execute());
      List<Object> comments = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        comments.add(Map.of("postId", post, "body", "c" + c));
      }
      mutations.insert("comments").values(comments).execute();
    }
    return ada;
  }

  @DatabaseTest
  void aCascadeOverTheBudgetFailsAndLeavesEveryRowAsItWas(TestDatabase db) {
    ConvexEngine engine = engine(db, TransactionLimits.CONVEX_DEFAULTS);
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS.withMaxRowsTouched(10));
    String ada = seed(mutations);
    Map<String, List<Document>> before = contents(engine);
    assertThat(before.get("posts")).hasSize(6);
    assertThat(before.get("comments")).hasSize(12);

    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", ada)).execute())
        .isInstanceOfSatisfying(MutationLimitExceededException.class, ex -> {
          assertThat(ex.limit()).isEqualTo("maxRowsTouched");
          assertThat(ex.table()).isEqualTo("posts");
        })
        .isInstanceOf(TransactionLimitExceededException.class)
        .hasMessageStartingWith("Mutation limit maxRowsTouched exceeded at table \"posts\": "
            + "more than 10 rows inserted, updated or deleted in one transaction, foreign-key "
            + "actions included");

    assertThat(contents(engine)).isEqualTo(before);

    ConvexMutations roomy = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS.withMaxRowsTouched(19));
    assertThat(roomy.delete("users").where(eq("_id", ada)).execute().affected()).isEqualTo(1);
    assertThat(contents(engine).get("comments")).isEmpty();
  }

  @DatabaseTest
  void aCascadeWithMoreChildrenThanTheBudgetLeftFailsBeforeWritingThem(TestDatabase db) {
    ConvexEngine engine = engine(db, TransactionLimits.CONVEX_DEFAULTS);
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS.withMaxRowsTouched(5));
    String ada = seed(mutations);
    Map<String, List<Document>> before = contents(engine);
    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", ada)).execute())
        .isInstanceOfSatisfying(MutationLimitExceededException.class,
            ex -> assertThat(ex.table()).isEqualTo("posts"));
    assertThat(contents(engine)).isEqualTo(before);
  }

  @DatabaseTest
  void theBudgetIsSharedByEveryStatementOfOneTransaction(TestDatabase db) {
    ConvexEngine engine = engine(db, TransactionLimits.CONVEX_DEFAULTS);
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS.withMaxRowsTouched(3));
    assertThatThrownBy(() -> engine.mutation(tx -> {
      mutations.insert("users").values(Map.of("name", "a"), Map.of("name", "b")).execute();
      mutations.insert("users").values(Map.of("name", "c"), Map.of("name", "d")).execute();
      return null;
    }))
        .isInstanceOfSatisfying(MutationLimitExceededException.class,
            ex -> assertThat(ex.table()).isEqualTo("users"));
    assertThat(contents(engine).get("users")).isEmpty();
    mutations.insert("users").values(Map.of("name", "a"), Map.of("name", "b"),
        Map.of("name", "c")).execute();
    assertThat(contents(engine).get("users")).hasSize(3);
  }

  @DatabaseTest
  void theEnginesWriteLimitsApplyToCascadesAndNameTheTable(TestDatabase db) {
    ConvexEngine engine = engine(db, new TransactionLimits(32_000, 16L << 20, 4_096, 10,
        16L << 20));
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine));
    String ada = seed(mutations);
    Map<String, List<Document>> before = contents(engine);
    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", ada)).execute())
        .isInstanceOfSatisfying(TransactionLimitExceededException.class,
            ex -> assertThat(ex.limit()).isEqualTo("maxDocumentsWritten"))
        .hasMessageContaining("at table \"posts\"");
    assertThat(contents(engine)).isEqualTo(before);
  }

  @DatabaseTest
  void theEnginesByteLimitAppliesToInserts(TestDatabase db) {
    ConvexEngine engine = engine(db, new TransactionLimits(32_000, 16L << 20, 4_096, 16_000,
        1_000));
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine));
    assertThatThrownBy(() -> mutations.insert("users")
        .values(Map.of("name", "x".repeat(600)), Map.of("name", "y".repeat(600))).execute())
        .isInstanceOfSatisfying(TransactionLimitExceededException.class,
            ex -> assertThat(ex.limit()).isEqualTo("maxBytesWritten"))
        .hasMessageContaining("at table \"users\"");
    assertThat(contents(engine).get("users")).isEmpty();
  }
}
