package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.mutation.MutationPage;
import dev.betterconvex.orm.mutation.MutationResult;
import dev.betterconvex.orm.mutation.MutationSettings;
import dev.betterconvex.orm.mutation.UniqueConstraintViolationException;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Runs the examples of docs/mutations.md, as written there, and checks what the page says. */
class MutationsExamplesTests {

  @DatabaseTest
  void mutationsExamples(TestDatabase db) {
    DataSource dataSource = db.dataSource();
    Clock clock = Clock.systemUTC();
    Schema schema = Schema.builder()
        .table("users", t -> {
          t.field("email", FieldType.string()).notNull().unique();
          t.field("name", FieldType.string());
          t.field("role", FieldType.string()).defaultValue("member");
          t.field("visits", FieldType.int64()).notNull().defaultValue(0L);
          t.field("inviteCode", FieldType.string()).defaultFn(() -> UUID.randomUUID().toString());
          t.field("updatedAt", FieldType.float64()).onUpdate(() -> (double) clock.millis());
          t.index("by_email", "email");
          t.check("visits_not_negative", row -> row.getLong("visits") >= 0, "visits");
        })
        .build();
    ConvexEngine engine = ConvexEngine.builder(dataSource, schema).build();
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine));

    // "Insert"
    Document ada = mutations.insert("users")
        .values(Map.of("email", "ada@example.com", "name", "Ada"))
        .returning()
        .execute()
        .rows().get(0);
    assertThat(ada.getJava("role")).isEqualTo("member");
    assertThat(ada.getJava("visits")).isEqualTo(0L);
    assertThat(ada.getJava("inviteCode")).asString().hasSize(36);
    assertThat(ada.getJava("updatedAt")).isInstanceOf(Double.class);

    List<Map<String, Object>> created = mutations.insert("users")
        .values(Map.of("email", "bob@example.com"), Map.of("email", "cy@example.com"))
        .returning("_id", "email")
        .execute()
        .rows();
    assertThat(created).extracting(row -> row.get("email"))
        .containsExactly("bob@example.com", "cy@example.com");
    assertThat(created.get(0)).containsOnlyKeys("_id", "email");

    // "On conflict"
    MutationResult<Document> skipped = mutations.insert("users")
        .values(Map.of("email", "ada@example.com"))
        .onConflictDoNothing()
        .execute();
    assertThat(skipped.affected()).isZero();

    Document upserted = mutations.insert("users")
        .values(Map.of("email", "ada@example.com", "name", "Ada L."))
        .onConflictDoUpdate("email", Map.of("name", "Ada Lovelace"))
        .returning()
        .execute()
        .rows().get(0);
    assertThat(upserted.id()).isEqualTo(ada.id());
    assertThat(upserted.getJava("name")).isEqualTo("Ada Lovelace");

    // "Update"
    MutationResult<Map<String, Object>> promoted = mutations.update("users")
        .set(Map.of("role", "admin", "name", DatabaseWriter.UNSET))
        .where(eq("email", "bob@example.com"))
        .returning("email", "role")
        .execute();
    assertThat(promoted.rows()).containsExactly(Map.of("email", "bob@example.com",
        "role", "admin"));

    // "Delete"
    int deleted = mutations.delete("users")
        .where(eq("email", "cy@example.com"))
        .execute()
        .affected();
    assertThat(deleted).isEqualTo(1);

    // "Where, allowFullScan, and filters that match nothing"
    assertThat(mutations.update("users").set(Map.of("role", "x")).where(eq("_id", "not-an-id"))
        .execute().affected()).isZero();
    assertThatThrownBy(() -> mutations.delete("users").execute())
        .isInstanceOf(UnboundedQueryException.class);

    // "Page by page"
    mutations.update("users").set(Map.of("visits", 7L)).allowFullScan().execute();
    String cursor = null;
    MutationPage<Document> page;
    int pages = 0;
    do {
      page = mutations.update("users")
          .set(Map.of("visits", 0L))
          .allowFullScan()
          .paginate(PaginationOptions.first(500).after(cursor));
      cursor = page.continueCursor();
      pages++;
    } while (!page.isDone());
    assertThat(pages).isEqualTo(1);
    assertThat(mutations.orm().query("users").allowFullScan().findMany())
        .extracting(d -> d.getJava("visits")).containsOnly(0L);

    // "Constraints"
    assertThatThrownBy(() -> mutations.insert("users").values(Map.of("email", "ada@example.com"))
        .execute())
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessage("Unique constraint \"users_email_unique\" of table \"users\" is violated: "
            + "a row with email = \"ada@example.com\" already exists");
    assertThatThrownBy(() -> mutations.insert("users")
        .values(Map.of("email", "x@example.com", "visits", "many")).execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("Failed to insert or update a document in table \"users\" because it does "
            + "not match the schema: Field `visits` must be a not-null int64, got string "
            + "\"many\".");

    // "Transactions and the budget"
    engine.mutation(tx -> {
      mutations.insert("users").values(Map.of("email", "dee@example.com")).execute();
      mutations.update("users").set(Map.of("visits", 1L))
          .where(eq("email", "dee@example.com")).execute();
      return null;
    });
    assertThat(mutations.orm().query("users").where(eq("email", "dee@example.com"))
        .findFirstOrThrow().getJava("visits")).isEqualTo(1L);

    ConvexMutations bulk = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS.withMaxRowsTouched(50_000));
    assertThat(bulk.settings().maxRowsTouched()).isEqualTo(50_000);
  }
}
