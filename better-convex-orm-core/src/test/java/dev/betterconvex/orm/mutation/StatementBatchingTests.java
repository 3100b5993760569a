package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.mutation.MutationFixtures.contents;
import static dev.betterconvex.orm.mutation.MutationFixtures.id;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Statements of many rows, whose integrity reads are shared by the rows: each row still sees the
 * rows written before it, and fails exactly as it would alone.
 */
class StatementBatchingTests {

  static final Schema SCHEMA = Schema.builder()
      .table("nodes", t -> {
        t.field("key", string()).notNull().unique();
        t.field("parentKey", string()).references("nodes", "key", ReferentialAction.CASCADE,
            ReferentialAction.CASCADE);
        t.field("hits", int64());
        t.index("by_key", "key");
        t.index("by_parent", "parentKey");
      })
      .build();

  private ConvexEngine engine;
  private ConvexMutations fk;
  private ConvexMutations nodes;

  private void start(TestDatabase db) {
    engine = ConvexEngine.builder(db.dataSource(), ForeignKeyActionTests.SCHEMA).build();
    fk = new ConvexMutations(new ConvexOrm(engine));
  }

  private void startNodes(TestDatabase db) {
    nodes = new ConvexMutations(new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA)
        .build()));
  }

  private String insert(String table, Map<String, ?> fields) {
    return id(fk.insert(table).values(fields).returning().execute());
  }

  @DatabaseTest
  void aMissingParentAmongManyRowsFailsAsItWouldAloneAndWritesNothing(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    String gone = insert("users", Map.of("name", "gone"));
    fk.delete("users").where(eq("_id", gone)).execute();
    Map<String, List<Document>> before = contents(engine);
    String alone = message(() -> fk.insert("posts").values(Map.of("authorId", gone, "title", "x"))
        .execute());

    assertThatThrownBy(() -> fk.insert("posts").values(
        Map.of("authorId", ada, "title", "a"),
        Map.of("authorId", gone, "title", "x"),
        Map.of("authorId", ada, "title", "b")).execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessage(alone);
    assertThat(contents(engine)).isEqualTo(before);
  }

  @DatabaseTest
  void aViolationRolledBackToASavepointLetsTheOuterTransactionCommit(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    String gone = insert("users", Map.of("name", "gone"));
    fk.delete("users").where(eq("_id", gone)).execute();
    JdbcTransactionManager manager = new JdbcTransactionManager(db.dataSource());
    TransactionTemplate outer = new TransactionTemplate(manager);
    TransactionTemplate nested = new TransactionTemplate(manager);
    nested.setPropagationBehavior(TransactionTemplate.PROPAGATION_NESTED);

    // The refused insert keeps a transaction from committing, but the rollback to the savepoint
    // undoes every row it sent: the outer transaction commits what it wrote before.
    outer.executeWithoutResult(status -> {
      fk.insert("posts").values(Map.of("authorId", ada, "title", "earlier")).execute();
      assertThatThrownBy(() -> nested.executeWithoutResult(inner -> fk.insert("posts").values(
          Map.of("authorId", ada, "title", "a"),
          Map.of("authorId", gone, "title", "x"),
          Map.of("authorId", ada, "title", "b")).execute()))
          .isInstanceOf(ForeignKeyViolationException.class);
    });
    assertThat(engine.<List<Object>>query(tx -> tx.query("posts").collect().stream()
        .map(post -> post.getJava("title")).toList()))
        .containsExactly("earlier");
  }

  @DatabaseTest
  void aRowSeesTheParentsAndKeysOfTheRowsBeforeItInTheSameInsert(TestDatabase db) {
    startNodes(db);
    nodes.insert("nodes").values(
        Map.of("key", "root"),
        Map.of("key", "a", "parentKey", "root"),
        Map.of("key", "b", "parentKey", "a")).execute();
    assertThat(keys()).containsExactlyInAnyOrder("root", "a", "b");

    assertThatThrownBy(() -> nodes.insert("nodes").values(
        Map.of("key", "c", "parentKey", "d"),
        Map.of("key", "d")).execute())
        .as("a parent inserted after its child")
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessageContaining("no row of table \"nodes\" has key = \"d\"");
    assertThatThrownBy(() -> nodes.insert("nodes").values(
        Map.of("key", "e"), Map.of("key", "f"), Map.of("key", "e")).execute())
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(keys()).containsExactlyInAnyOrder("root", "a", "b");
  }

  @DatabaseTest
  void conflictsWithRowsOfTheSameInsertAreSkippedOrUpserted(TestDatabase db) {
    startNodes(db);
    MutationResult<Document> skipped = nodes.insert("nodes").values(
        Map.of("key", "x", "hits", 1), Map.of("key", "y"), Map.of("key", "x", "hits", 2))
        .onConflictDoNothing().execute();
    assertThat(skipped.affected()).isEqualTo(2);

    MutationResult<Map<String, Object>> upserted = nodes.insert("nodes").values(
        Map.of("key", "z", "hits", 1), Map.of("key", "z", "hits", 2),
        Map.of("key", "x", "hits", 3))
        .onConflictDoUpdate("key", Map.of("hits", 9)).returning("key", "hits").execute();

    assertThat(upserted.rows()).extracting(r -> r.get("key") + "=" + r.get("hits"))
        .containsExactly("z=1", "z=9", "x=9");
    assertThat(nodes.orm().query("nodes").allowFullScan().findMany())
        .extracting(d -> d.getJava("key") + "=" + d.getJava("hits"))
        .containsExactlyInAnyOrder("x=9", "y=null", "z=9");
  }

  @DatabaseTest
  void anUpsertThatMovesTheCollidingRowAwayLetsTheNextRowIn(TestDatabase db) {
    startNodes(db);
    nodes.insert("nodes").values(Map.of("key", "x", "hits", 1)).execute();

    MutationResult<Map<String, Object>> upserted = nodes.insert("nodes").values(
        Map.of("key", "x", "hits", 2), Map.of("key", "x", "hits", 3))
        .onConflictDoUpdate("key", Map.of("key", "w")).returning("key", "hits").execute();

    assertThat(upserted.rows()).extracting(r -> r.get("key") + "=" + r.get("hits"))
        .containsExactly("w=1", "x=3");
    assertThat(nodes.orm().query("nodes").allowFullScan().findMany())
        .extracting(d -> d.getJava("key") + "=" + d.getJava("hits"))
        .containsExactlyInAnyOrder("w=1", "x=3");
  }

  @DatabaseTest
  void updatingManyReferencedKeysCascadesToEachParentsOwnChildren(TestDatabase db) {
    startNodes(db);
    nodes.insert("nodes").values(
        Map.of("key", "p"), Map.of("key", "q"),
        Map.of("key", "p1", "parentKey", "p"), Map.of("key", "q1", "parentKey", "q"),
        Map.of("key", "q2", "parentKey", "q")).execute();

    nodes.update("nodes").set(Map.of("hits", 1)).where(in("key", List.of("p", "q")))
        .execute();
    for (String key : List.of("p", "q")) {
      nodes.update("nodes").set(Map.of("key", key.toUpperCase())).where(eq("key", key))
          .execute();
    }
    assertThat(nodes.orm().query("nodes").allowFullScan().findMany())
        .extracting(d -> d.getJava("key") + "<" + d.getJava("parentKey"))
        .containsExactlyInAnyOrder("P<null", "Q<null", "p1<P", "q1<Q", "q2<Q");

    nodes.delete("nodes").where(in("key", List.of("P", "Q"))).execute();
    assertThat(keys()).isEmpty();
  }

  @DatabaseTest
  void deletingManyParentsActsOnTheirChildrenDepthFirstAsRowByRow(TestDatabase db) {
    start(db);
    List<RowWrite> seen = new ArrayList<>();
    ConvexMutations guarded = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS, seen::add);
    String ada = insert("users", Map.of("name", "ada"));
    String bob = insert("users", Map.of("name", "bob"));
    String adaPost = insert("posts", Map.of("authorId", ada, "title", "a"));
    String bobPost = insert("posts", Map.of("authorId", bob, "title", "b"));
    insert("comments", Map.of("postId", adaPost, "body", "ca"));
    insert("comments", Map.of("postId", bobPost, "body", "cb"));
    insert("drafts", Map.of("ownerId", bob, "text", "d"));
    seen.clear();

    guarded.delete("users").where(in("_id", List.of(ada, bob))).execute();

    String first = seen.get(0).before().id();
    String second = first.equals(ada) ? bob : ada;
    Map<String, String> postOf = Map.of(ada, adaPost, bob, bobPost);
    Map<String, String> bodyOf = Map.of(ada, "ca", bob, "cb");
    List<String> expected = new ArrayList<>();
    for (String user : List.of(first, second)) {
      expected.add("DELETE users " + user);
      expected.add("DELETE posts " + postOf.get(user));
      expected.add("DELETE comments " + bodyOf.get(user));
      if (user.equals(bob)) {
        expected.add("UPDATE drafts d");
      }
    }
    assertThat(seen).extracting(w -> w.operation() + " " + w.table() + " " + switch (w.table()) {
      case "comments" -> w.before().getJava("body");
      case "drafts" -> w.before().getJava("text");
      default -> w.before().id();
    }).containsExactlyElementsOf(expected);
    assertThat(contents(engine).get("comments")).isEmpty();
  }

  @DatabaseTest
  void aRestrictingChildOfOneOfManyParentsRefusesTheWholeDelete(TestDatabase db) {
    start(db);
    String ada = insert("users", Map.of("name", "ada"));
    String bob = insert("users", Map.of("name", "bob"));
    insert("posts", Map.of("authorId", ada, "title", "a"));
    String reviewed = insert("posts", Map.of("authorId", bob, "title", "b"));
    String review = insert("reviews", Map.of("postId", reviewed));
    Map<String, List<Document>> before = contents(engine);

    assertThatThrownBy(() -> fk.delete("users").where(in("_id", List.of(ada, bob)))
        .execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessageContaining("Cannot delete row " + reviewed + " of table \"posts\"")
        .hasMessageContaining("from row " + review);
    assertThat(contents(engine)).isEqualTo(before);
  }

  private List<Object> keys() {
    return nodes.orm().query("nodes").allowFullScan().findMany().stream()
        .map(d -> d.getJava("key")).toList();
  }

  private static String message(Runnable failing) {
    try {
      failing.run();
    }
    catch (RuntimeException ex) {
      return ex.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
