package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.dao.DuplicateKeyException;

class UniqueConstraintTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> {
        t.field("email", FieldType.string()).notNull().unique();
        t.field("name", FieldType.string());
        t.index("by_email", "email");
      })
      .table("members", t -> {
        t.field("orgId", FieldType.string()).notNull();
        t.field("userId", FieldType.string()).notNull();
        t.field("role", FieldType.string());
        t.unique("members_org_user", "orgId", "userId");
        t.index("by_user_org", "userId", "orgId");
      })
      .table("handles", t -> {
        t.field("handle", FieldType.string());
        t.field("team", FieldType.string());
        t.unique("handles_handle", "handle");
        t.uniqueNullsNotDistinct("handles_team", "team");
        t.index("by_handle", "handle");
        t.index("by_team", "team");
      })
      .build();

  private static ConvexMutations mutations(TestDatabase db) {
    return mutations(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
  }

  private static ConvexMutations mutations(ConvexEngine engine) {
    return new ConvexMutations(new ConvexOrm(engine));
  }

  private static List<Document> all(ConvexMutations mutations, String table) {
    return mutations.orm().query(table).allowFullScan().findMany();
  }

  @DatabaseTest
  void aDuplicateOnInsertNamesTheConstraintAndTable(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    mutations.insert("users").values(Map.of("email", "ada@example.com")).execute();
    assertThatThrownBy(() -> mutations.insert("users")
        .values(Map.of("email", "ada@example.com", "name", "Ada")).execute())
        .isInstanceOfSatisfying(UniqueConstraintViolationException.class, ex -> {
          assertThat(ex.table()).isEqualTo("users");
          assertThat(ex.constraint()).isEqualTo("users_email_unique");
        })
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessage("Unique constraint \"users_email_unique\" of table \"users\" is violated: a "
            + "row with email = \"ada@example.com\" already exists");
    assertThat(all(mutations, "users")).hasSize(1);
  }

  @DatabaseTest
  void duplicatesWithinOneInsertAreCaughtAndNothingIsWritten(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    assertThatThrownBy(() -> mutations.insert("users")
        .values(Map.of("email", "a"), Map.of("email", "b"), Map.of("email", "a")).execute())
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(all(mutations, "users")).isEmpty();
  }

  @DatabaseTest
  void aDuplicateOnUpdateIsRefusedAndAnUpdateKeepingItsOwnValueIsNot(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    mutations.insert("users").values(Map.of("email", "a"), Map.of("email", "b")).execute();
    assertThatThrownBy(() -> mutations.update("users").set(Map.of("email", "a"))
        .where(eq("email", "b")).execute())
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessageContaining("users_email_unique");
    assertThat(mutations.update("users").set(Map.of("email", "a", "name", "A"))
        .where(eq("email", "a")).execute().affected()).isEqualTo(1);
    assertThatThrownBy(() -> mutations.update("users").set(Map.of("email", "same"))
        .allowFullScan().execute())
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(all(mutations, "users")).extracting(d -> d.getJava("email"))
        .containsExactlyInAnyOrder("a", "b");
  }

  @DatabaseTest
  void aCompositeConstraintConflictsOnlyWhenEveryFieldIsEqual(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    mutations.insert("members").values(
        Map.of("orgId", "o1", "userId", "u1"),
        Map.of("orgId", "o1", "userId", "u2"),
        Map.of("orgId", "o2", "userId", "u1")).execute();
    assertThatThrownBy(() -> mutations.insert("members")
        .values(Map.of("orgId", "o1", "userId", "u2", "role", "admin")).execute())
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessage("Unique constraint \"members_org_user\" of table \"members\" is violated: a "
            + "row with [orgId, userId] = [\"o1\", \"u2\"] already exists");
    MutationResult<Document> upsert = mutations.insert("members")
        .values(Map.of("orgId", "o1", "userId", "u2", "role", "admin"))
        .onConflictDoUpdate(List.of("userId", "orgId"), Map.of("role", "admin"))
        .returning().execute();
    assertThat(upsert.rows().get(0).getJava("role")).isEqualTo("admin");
    assertThat(all(mutations, "members")).hasSize(3);
  }

  @DatabaseTest
  void nullsAreDistinctByDefaultAndConflictWhenNotDistinct(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    Map<String, Object> nullHandle = new HashMap<>();
    nullHandle.put("handle", null);
    nullHandle.put("team", "t1");
    mutations.insert("handles").values(nullHandle, Map.of("team", "t2"),
        Map.of("team", "t3")).execute();
    assertThat(all(mutations, "handles")).hasSize(3);

    mutations.insert("handles").values(Map.of("handle", "h1")).execute();
    assertThatThrownBy(() -> mutations.insert("handles").values(Map.of("handle", "h2")).execute())
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessage("Unique constraint \"handles_team\" of table \"handles\" is violated: a row "
            + "with team = missing already exists (nulls not distinct)");
    Map<String, Object> nullTeam = new HashMap<>();
    nullTeam.put("handle", "h3");
    nullTeam.put("team", null);
    assertThatThrownBy(() -> mutations.insert("handles").values(nullTeam).execute())
        .as("null and missing are one value when nulls are not distinct")
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThatThrownBy(() -> mutations.update("handles").set(Map.of("team", DatabaseWriter.UNSET))
        .where(eq("team", "t2")).execute())
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(all(mutations, "handles")).hasSize(4);
  }

  @DatabaseTest
  void eightThreadsRacingToInsertOneKeyLeaveExactlyOneRow(TestDatabase db) throws Exception {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withMaxRetries(100)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20)))
        .build();
    ConvexMutations mutations = mutations(engine);
    int rounds = 10;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CyclicBarrier barrier = new CyclicBarrier(8);
    List<Future<List<String>>> threads = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        String name = "thread-" + t;
        threads.add(pool.submit(() -> {
          List<String> outcomes = new ArrayList<>();
          for (int round = 0; round < rounds; round++) {
            barrier.await();
            try {
              mutations.insert("users")
                  .values(Map.of("email", "race" + round + "@example.com", "name", name))
                  .execute();
              outcomes.add("inserted");
            }
            catch (UniqueConstraintViolationException ex) {
              outcomes.add("duplicate");
            }
          }
          return outcomes;
        }));
      }
      List<String> results = new ArrayList<>();
      for (Future<List<String>> thread : threads) {
        results.addAll(thread.get());
      }
      assertThat(results).filteredOn("inserted"::equals).hasSize(rounds);
      assertThat(results).filteredOn("duplicate"::equals).hasSize(7 * rounds);
    }
    finally {
      pool.shutdown();
    }
    List<Document> users = all(mutations, "users");
    assertThat(users).hasSize(rounds);
    assertThat(users).extracting(d -> d.getJava("email")).doesNotHaveDuplicates();
    System.out.println("[" + engine.databaseName() + "] unique race: " + engine.statistics());
  }
}
