package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.mutation.MutationFixtures.contents;
import static dev.betterconvex.orm.mutation.MutationFixtures.id;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.ReferentialAction.CASCADE;
import static dev.betterconvex.orm.schema.ReferentialAction.RESTRICT;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_DEFAULT;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.DataIntegrityViolationException;

class ForeignKeyActionTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> t.field("name", string()).notNull())
      .table("posts", t -> {
        t.field("authorId", id("users")).notNull().references("users", CASCADE);
        t.field("title", string()).notNull();
        t.index("by_author", "authorId");
      })
      .table("comments", t -> {
        t.field("postId", id("posts")).notNull().references("posts", CASCADE);
        t.field("body", string());
        t.index("by_post", "postId");
      })
      .table("reviews", t -> {
        t.field("postId", id("posts")).notNull().references("posts", RESTRICT);
        t.index("by_post", "postId");
      })
      .table("drafts", t -> {
        t.field("ownerId", id("users")).references("users", SET_NULL);
        t.field("text", string());
        t.index("by_owner", "ownerId");
      })
      .table("invoices", t -> {
        t.field("userId", id("users")).notNull().references("users");
        t.index("by_user", "userId");
      })
      .table("categories", t -> {
        t.field("code", string()).notNull().unique();
        t.index("by_code", "code");
      })
      .table("products", t -> {
        t.field("name", string()).notNull();
        t.field("categoryCode", string()).defaultValue("misc")
            .references("categories", "code", SET_DEFAULT, CASCADE);
        t.index("by_category", "categoryCode");
      })
      .table("orgs", t -> {
        t.field("slug", string()).notNull().unique();
        t.index("by_slug", "slug");
      })
      .table("projects", t -> {
        t.field("orgSlug", string()).notNull().references("orgs", "slug", CASCADE, RESTRICT);
        t.index("by_org", "orgSlug");
      })
      .build();

  private ConvexEngine engine;
  private ConvexMutations mutations;

  private void start(TestDatabase db) {
    engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    mutations = new ConvexMutations(new ConvexOrm(engine));
  }

  private String insert(String table, Map<String, ?> fields) {
    return id(mutations.insert(table).values(fields).returning().execute());
  }

  private List<Document> rows(String table) {
    return mutations.orm().query(table).allowFullScan().findMany();
  }

  @DatabaseTest
  void deletingAParentCascadesToChildrenAndGrandchildren(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    String bob = insert("users", Map.of("name", "bob"));
    String p1 = insert("posts", Map.of("authorId", ada, "title", "p1"));
    String p2 = insert("posts", Map.of("authorId", ada, "title", "p2"));
    String p3 = insert("posts", Map.of("authorId", bob, "title", "p3"));
    insert("comments", Map.of("postId", p1, "body", "c1"));
    insert("comments", Map.of("postId", p2, "body", "c2"));
    insert("comments", Map.of("postId", p3, "body", "c3"));

    MutationResult<Document> result = mutations.delete("users").where(eq("_id", ada))
        .returning().execute();

    assertThat(result.affected()).isEqualTo(1);
    assertThat(result.rows()).extracting(Document::id).containsExactly(ada);
    assertThat(rows("users")).extracting(Document::id).containsExactly(bob);
    assertThat(rows("posts")).extracting(Document::id).containsExactly(p3);
    assertThat(rows("comments")).extracting(d -> d.getJava("body")).containsExactly("c3");
  }

  @DatabaseTest
  void setNullClearsTheChildFields(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    String draft = insert("drafts", Map.of("ownerId", ada, "text", "hi"));
    mutations.delete("users").where(eq("_id", ada)).execute();
    Document cleared = mutations.orm().query("drafts").where(eq("_id", draft)).findFirst()
        .orElseThrow();
    assertThat(cleared.fields().fields()).containsKey("ownerId");
    assertThat(cleared.getJava("ownerId")).isNull();
    assertThat(cleared.getJava("text")).isEqualTo("hi");
  }

  @DatabaseTest
  void setDefaultPointsTheChildrenAtTheDefaultParent(TestDatabase db) {
    start(db);
    insert("categories", Map.of("code", "misc"));
    insert("categories", Map.of("code", "toys"));
    insert("products", Map.of("name", "ball", "categoryCode", "toys"));
    insert("products", Map.of("name", "lamp"));
    mutations.delete("categories").where(eq("code", "toys")).execute();
    assertThat(rows("products")).extracting(d -> d.getJava("categoryCode"))
        .containsOnly("misc");
  }

  @DatabaseTest
  void setDefaultFailsWholeWhenTheDefaultParentDoesNotExist(TestDatabase db) {
    start(db);
    insert("categories", Map.of("code", "toys"));
    insert("products", Map.of("name", "ball", "categoryCode", "toys"));
    Map<String, List<Document>> before = contents(engine);
    assertThatThrownBy(() -> mutations.delete("categories").where(eq("code", "toys")).execute())
        .isInstanceOfSatisfying(ForeignKeyViolationException.class, ex -> {
          assertThat(ex.foreignKey()).isEqualTo("products_categoryCode_fk");
          assertThat(ex.childTable()).isEqualTo("products");
          assertThat(ex.parentTable()).isEqualTo("categories");
        })
        .hasMessageContaining("no row of table \"categories\" has code = \"misc\"");
    assertThat(contents(engine)).isEqualTo(before);
  }

  @DatabaseTest
  void restrictRefusesTheDeleteNamingTheChildTableAndChangesNothing(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    String post = insert("posts", Map.of("authorId", ada, "title", "p"));
    insert("comments", Map.of("postId", post, "body", "c"));
    insert("reviews", Map.of("postId", post));
    Map<String, List<Document>> before = contents(engine);
    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", ada)).execute())
        .isInstanceOfSatisfying(ForeignKeyViolationException.class, ex -> {
          assertThat(ex.foreignKey()).isEqualTo("reviews_postId_fk");
          assertThat(ex.childTable()).isEqualTo("reviews");
          assertThat(ex.parentTable()).isEqualTo("posts");
        })
        .hasMessageStartingWith("Cannot delete row " + post + " of table \"posts\": foreign key "
            + "\"reviews_postId_fk\" of table \"reviews\" (on delete RESTRICT) still references "
            + "it from row ");
    assertThat(contents(engine)).isEqualTo(before);
  }

  @DatabaseTest
  void noActionIsTheDefaultAndBehavesAsRestrict(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    insert("invoices", Map.of("userId", ada));
    Map<String, List<Document>> before = contents(engine);
    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", ada)).execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessageContaining("foreign key \"invoices_userId_fk\" of table \"invoices\" (on "
            + "delete NO_ACTION, which behaves as RESTRICT) still references it");
    assertThat(contents(engine)).isEqualTo(before);
    mutations.delete("invoices").where(eq("userId", ada)).execute();
    assertThat(mutations.delete("users").where(eq("_id", ada)).execute().affected())
        .isEqualTo(1);
  }

  @DatabaseTest
  void onUpdateCascadeCarriesAChangedReferencedKeyToTheChildren(TestDatabase db) {
    start(db);
    insert("categories", Map.of("code", "misc"));
    insert("categories", Map.of("code", "toys"));
    insert("products", Map.of("name", "ball", "categoryCode", "toys"));
    insert("products", Map.of("name", "kite", "categoryCode", "toys"));
    insert("products", Map.of("name", "lamp", "categoryCode", "misc"));
    mutations.update("categories").set(Map.of("code", "games")).where(eq("code", "toys"))
        .execute();
    assertThat(rows("products")).extracting(d -> d.getJava("name") + ":"
        + d.getJava("categoryCode")).containsExactlyInAnyOrder("ball:games", "kite:games",
        "lamp:misc");
  }

  @DatabaseTest
  void onUpdateRestrictRefusesChangingAReferencedKey(TestDatabase db) {
    start(db);
    insert("orgs", Map.of("slug", "acme"));
    insert("projects", Map.of("orgSlug", "acme"));
    assertThatThrownBy(() -> mutations.update("orgs").set(Map.of("slug", "acme2"))
        .where(eq("slug", "acme")).execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessageContaining("Cannot update row")
        .hasMessageContaining("foreign key \"projects_orgSlug_fk\" of table \"projects\" (on "
            + "update RESTRICT)");
    assertThat(rows("orgs")).extracting(d -> d.getJava("slug")).containsExactly("acme");
    insert("orgs", Map.of("slug", "free"));
    mutations.update("orgs").set(Map.of("slug", "free2")).where(eq("slug", "free")).execute();
  }

  @DatabaseTest
  void anInsertReferencingAMissingParentFailsNamingTheKeyAndBothTables(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    mutations.delete("users").where(eq("_id", ada)).execute();
    assertThatThrownBy(() -> insert("posts", Map.of("authorId", ada, "title", "orphan")))
        .isInstanceOfSatisfying(ForeignKeyViolationException.class, ex -> {
          assertThat(ex.foreignKey()).isEqualTo("posts_authorId_fk");
          assertThat(ex.childTable()).isEqualTo("posts");
          assertThat(ex.parentTable()).isEqualTo("users");
        })
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessage("Foreign key \"posts_authorId_fk\" of table \"posts\" is violated: no row of "
            + "table \"users\" has _id = \"" + ada + "\" (referenced by authorId = \"" + ada
            + "\")");
    String post = insert("posts", Map.of("authorId", insert("users", Map.of("name", "bob")),
        "title", "p"));
    assertThatThrownBy(() -> insert("comments", Map.of("postId", "not-an-id")))
        .isInstanceOf(ForeignKeyViolationException.class);
    assertThatThrownBy(() -> insert("comments", Map.of("postId", ada)))
        .as("an id of another table")
        .isInstanceOf(ForeignKeyViolationException.class);
    assertThatThrownBy(() -> insert("products", Map.of("name", "x", "categoryCode", "none")))
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessageContaining("no row of table \"categories\" has code = \"none\"");
    assertThat(mutations.update("comments").set(Map.of("postId", ada)).allowFullScan()
        .execute().affected()).as("no row to check").isZero();
    insert("comments", Map.of("postId", post));
    assertThatThrownBy(() -> mutations.update("comments").set(Map.of("postId", ada))
        .where(eq("postId", post)).execute())
        .isInstanceOf(ForeignKeyViolationException.class);
    assertThat(rows("posts")).hasSize(1);
  }

  @DatabaseTest
  void aChildInsertedWhileItsParentIsDeletedNeverEndsUpOrphaned(TestDatabase db)
      throws Exception {
    engine = ConvexEngine.builder(db.dataSource(), SCHEMA)
        .settings(EngineSettings.DEFAULTS.withBackoff(Duration.ofMillis(1), Duration.ofMillis(20)))
        .build();
    mutations = new ConvexMutations(new ConvexOrm(engine));
    String ada = insert("users", Map.of("name", "ada"));
    CountDownLatch parentDeleted = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // The child's mutation checks its parent, then waits (up to a moment: on H2 the delete
      // waits for it instead) while another mutation deletes the parent, then commits.
      Future<String> child = pool.submit(() -> {
        try {
          engine.mutation(tx -> {
            mutations.insert("invoices").values(Map.of("userId", ada)).execute();
            await(parentDeleted);
            return null;
          });
          return "child committed";
        }
        catch (ForeignKeyViolationException ex) {
          return "child refused";
        }
      });
      Future<String> parent = pool.submit(() -> {
        Thread.sleep(100);
        try {
          mutations.delete("users").where(eq("_id", ada)).execute();
          return "parent deleted";
        }
        catch (ForeignKeyViolationException ex) {
          return "parent restricted";
        }
        finally {
          parentDeleted.countDown();
        }
      });
      String outcome = child.get() + ", " + parent.get();
      System.out.println("[" + engine.databaseName() + "] " + outcome + ", " + engine.statistics());
      assertThat(outcome).isIn("child committed, parent restricted",
          "child refused, parent deleted");
    }
    finally {
      pool.shutdown();
    }
    List<Document> invoices = rows("invoices");
    List<String> users = rows("users").stream().map(Document::id).toList();
    assertThat(invoices).allSatisfy(i -> assertThat(users).contains((String) i.getJava("userId")));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(500, TimeUnit.MILLISECONDS);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
