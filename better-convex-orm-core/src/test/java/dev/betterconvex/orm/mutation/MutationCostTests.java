package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.ReferentialAction.CASCADE;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Counts the SQL statements of ORM writes of many rows: the integrity reads of one statement
 * are shared by its rows, so they do not grow with the number of rows; docs/mutations.md and
 * docs/foreign-keys.md quote these figures.
 */
class MutationCostTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("users", t -> t.field("name", string()).notNull())
      .table("categories", t -> t.field("name", string()).notNull())
      .table("posts", t -> {
        t.field("authorId", id("users")).notNull().references("users", CASCADE);
        t.field("categoryId", id("categories")).references("categories", SET_NULL);
        t.field("slug", string()).notNull().unique();
        t.index("by_author", "authorId");
        t.index("by_category", "categoryId");
        t.index("by_slug", "slug");
      })
      .table("comments", t -> {
        t.field("postId", id("posts")).notNull().references("posts", CASCADE);
        t.field("body", string());
        t.index("by_post", "postId");
      })
      .build();

  private StatementCounter counter;
  private ConvexEngine engine;
  private ConvexMutations mutations;
  private int slugs;

  private void start(TestDatabase db) {
    counter = new StatementCounter(db.dataSource());
    engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    mutations = new ConvexMutations(new ConvexOrm(engine));
  }

  @DatabaseTest
  void insertingManyChildrenReadsEachParentTableAndUniqueConstraintOnce(TestDatabase db) {
    start(db);
    List<String> users = insertMany("users", 10, i -> Map.of("name", "u" + i));
    List<String> categories = insertMany("categories", 2, i -> Map.of("name", "c" + i));
    long insertCost = costOfOneLowLevelInsert();

    counter.reset();
    insertWithoutReturning(10, i -> post(users.get(i % 10), categories.get(i % 2)));
    long statementsFor10 = counter.statements();
    // PostgreSQL: the slug constraint; the parents are checked by the INSERT itself. H2: the
    // slug constraint, then one read of the users and one of the categories right before the
    // batch.
    long reads = db.kind() == TestDatabase.Kind.POSTGRESQL ? 1 : 3;
    assertThat(counter.reads()).as("reads inserting 10 posts").isEqualTo(reads);

    counter.reset();
    insertWithoutReturning(100, i -> post(users.get(i % 10), categories.get(i % 2)));
    assertThat(counter.reads())
        .as("reads inserting 100 posts: the slug constraint (and on H2 users, categories)")
        .isEqualTo(reads);
    assertThat(counter.statements() - statementsFor10)
        .as("90 more posts cost no more than their own writes")
        .isLessThanOrEqualTo(90 * insertCost);
  }

  @DatabaseTest
  void inserting100ChildrenOfOneParentTableIsTheParentReadAndOneInsert(TestDatabase db) {
    start(db);
    String user = insertMany("users", 1, i -> Map.of("name", "ada")).get(0);
    List<String> posts = insertMany("posts", 10, i -> post(user, null));
    insertMany("comments", 1, i -> Map.of("postId", posts.get(0), "body", "warm"));

    counter.reset();
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(Map.of("postId", posts.get(i % 10), "body", "c" + i));
    }
    assertThat(mutations.insert("comments").values(rows).execute().affected()).isEqualTo(100);
    if (db.kind() == TestDatabase.Kind.POSTGRESQL) {
      // INSERT ... SELECT ... FROM (VALUES ...) WHERE EXISTS (the parent), with the isolation.
      assertThat(counter.reads()).as("no read of the parents").isZero();
      assertThat(counter.statements()).as("the 100 rows and their parent check together")
          .isEqualTo(1);
      assertRoundTrips(db, 1);
    }
    else {
      assertThat(counter.reads()).as("one read of the 10 parents").isEqualTo(1);
      assertThat(counter.statements()).as("the parent read, then the 100 rows together")
          .isEqualTo(2);
    }
    assertThat(engine.<Integer>query(tx -> tx.query("comments").collect().size()))
        .isEqualTo(101);
  }

  @DatabaseTest
  void returningTheInsertedRowsReadsThemBackTogether(TestDatabase db) {
    start(db);
    String user = insertMany("users", 1, i -> Map.of("name", "ada")).get(0);
    List<String> posts = insertMany("posts", 10, i -> post(user, null));

    counter.reset();
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(Map.of("postId", posts.get(i % 10), "body", "c" + i));
    }
    List<Document> returned = mutations.insert("comments").values(rows).returning().execute()
        .rows();
    assertThat(returned).extracting(d -> d.getJava("body"))
        .containsExactlyElementsOf(rows.stream().map(r -> r.get("body")).toList());
    // The rows go together (on H2 after the read of their parents), then one read brings them
    // back: no read, and no flush of the buffered rows, per row.
    assertThat(counter.reads()).as("reads").isEqualTo(
        db.kind() == TestDatabase.Kind.POSTGRESQL ? 1 : 2);
    assertThat(counter.statements()).as("statements").isEqualTo(
        db.kind() == TestDatabase.Kind.POSTGRESQL ? 2 : 3);
  }

  @DatabaseTest
  void aMissingParentFoundByTheInsertFailsNamingTheFirstRowAndWritesNothing(TestDatabase db) {
    start(db);
    String user = insertMany("users", 1, i -> Map.of("name", "ada")).get(0);
    String gone = insertMany("users", 1, i -> Map.of("name", "gone")).get(0);
    mutations.delete("users").where(eq("_id", gone)).execute();
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(post(i == 40 || i == 70 ? gone : user, null));
    }
    counter.reset();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> mutations.insert("posts").values(rows).execute())
        .isInstanceOf(ForeignKeyViolationException.class)
        .hasMessage("Foreign key \"posts_authorId_fk\" of table \"posts\" is violated: no row "
            + "of table \"users\" has _id = \"" + gone + "\" (referenced by authorId = \"" + gone
            + "\")");
    assertThat(counter.rollbacks()).isEqualTo(1);
    assertThat(engine.<List<?>>query(tx -> tx.query("posts").collect())).isEmpty();
  }

  @DatabaseTest
  void aCaughtMissingParentViolationLeavesATransactionThatCannotCommit(TestDatabase db) {
    start(db);
    String user = insertMany("users", 1, i -> Map.of("name", "ada")).get(0);
    String gone = insertMany("users", 1, i -> Map.of("name", "gone")).get(0);
    mutations.delete("users").where(eq("_id", gone)).execute();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.mutation(tx -> {
      insertWithoutReturning(1, i -> post(user, null));
      try {
        mutations.insert("posts").values(post(user, null), post(gone, null), post(user, null))
            .execute();
      }
      catch (ForeignKeyViolationException expected) {
        // caught: the commit must still refuse the rows the failed statement sent
      }
      return null;
    })).isInstanceOf(dev.betterconvex.orm.store.InvalidDocumentException.class)
        .hasMessageContaining("can't commit");
    assertThat(engine.<List<?>>query(tx -> tx.query("posts").collect())).isEmpty();
  }

  @DatabaseTest
  void anUpdateIsItsReadAndOneStatementAndADeleteWithoutChildrenToo(TestDatabase db) {
    start(db);
    String user = insertMany("users", 1, i -> Map.of("name", "ada")).get(0);
    String post = insertMany("posts", 1, i -> post(user, null)).get(0);
    String comment = insertMany("comments", 1, i -> Map.of("postId", post, "body", "hi"))
        .get(0);
    mutations.update("users").set(Map.of("name", "warm")).where(eq("_id", user)).execute();

    counter.reset();
    mutations.update("users").set(Map.of("name", "grace")).where(eq("_id", user)).execute();
    assertThat(counter.statements()).as("update by id: the read of the row, one UPDATE")
        .isEqualTo(2);
    assertThat(counter.reads()).isEqualTo(1);
    assertRoundTrips(db, 2);

    counter.reset();
    mutations.update("comments").set(Map.of("body", "edited")).where(eq("postId", post))
        .execute();
    assertThat(counter.statements()).as("update by an index: the read, one UPDATE")
        .isEqualTo(2);
    assertRoundTrips(db, 2);

    counter.reset();
    mutations.delete("comments").where(eq("_id", comment)).execute();
    assertThat(counter.statements()).as("delete of a row no foreign key references: the "
        + "read of the row, one DELETE").isEqualTo(2);
    assertThat(counter.reads()).isEqualTo(1);
    assertRoundTrips(db, 2);
    assertThat(engine.<List<?>>query(tx -> tx.query("comments").collect())).isEmpty();
    assertThat(engine.query(tx -> tx.get(user)).orElseThrow().getJava("name"))
        .isEqualTo("grace");
  }

  /**
   * Round trips beyond the statements: the commit only (on PostgreSQL the isolation goes with
   * the first statement; on H2 Spring's isolation calls are local).
   */
  private void assertRoundTrips(TestDatabase db, long statements) {
    assertThat(counter.commits()).isEqualTo(1);
    if (db.kind() == TestDatabase.Kind.POSTGRESQL) {
      assertThat(counter.roundTrips()).as("round trips").isEqualTo(statements + 1);
    }
  }

  @DatabaseTest
  void deletingAParentReadsTheChildrenOfEachLevelOnceWhateverTheirNumber(TestDatabase db) {
    start(db);
    long deletePost = costOfOneLowLevelDelete("posts");
    long deleteComment = costOfOneLowLevelDelete("comments");

    long statementsFor10 = costOfDeletingAUserWith(10);
    long statementsFor100 = costOfDeletingAUserWith(100);

    assertThat(statementsFor100 - statementsFor10)
        .as("90 more posts with a comment each cost no more than deleting them")
        .isEqualTo(90 * (deletePost + deleteComment));
  }

  @DatabaseTest
  void deletingManyParentsReadsTheirChildrenTogether(TestDatabase db) {
    start(db);
    List<String> users = insertMany("users", 50, i -> Map.of("name", "u" + i));
    List<String> posts = new ArrayList<>();
    for (String user : users) {
      posts.addAll(insertMany("posts", 2, i -> post(user, null)));
    }
    long deletePost = costOfOneLowLevelDelete("posts");
    long deleteUser = costOfOneLowLevelDelete("users");
    int userCount = engine.query(tx -> tx.query("users").collect()).size();
    counter.reset();
    mutations.orm().query("users").allowFullScan().findMany();
    long selection = counter.statements();

    counter.reset();
    MutationResult<?> result = mutations.delete("users").allowFullScan().execute();
    long statements = counter.statements();

    assertThat(result.affected()).isEqualTo(userCount);
    List<?> left = engine.query(tx -> tx.query("posts").collect());
    assertThat(left).isEmpty();
    long writes = userCount * deleteUser + 100 * deletePost;
    assertThat(statements - writes - selection)
        .as("reads beyond selecting the users and the deletes: the posts of all users, the "
            + "comments of all posts")
        .isEqualTo(2);
  }

  private long costOfDeletingAUserWith(int posts) {
    String user = insertMany("users", 1, i -> Map.of("name", "author")).get(0);
    for (String post : insertMany("posts", posts, i -> post(user, null))) {
      insertMany("comments", 1, i -> Map.of("postId", post, "body", "hi"));
    }
    counter.reset();
    mutations.delete("users").where(eq("_id", user)).execute();
    return counter.statements();
  }

  /** The statements of one insert of a post through the low-level API, which checks nothing. */
  private long costOfOneLowLevelInsert() {
    String user = insertMany("users", 1, i -> Map.of("name", "x")).get(0);
    counter.reset();
    engine.mutation(tx -> tx.insert("posts", post(user, null)));
    return counter.statements();
  }

  /** The statements of one delete through the low-level API, which applies no foreign key. */
  private long costOfOneLowLevelDelete(String table) {
    String user = insertMany("users", 1, i -> Map.of("name", "x")).get(0);
    String id = switch (table) {
      case "users" -> user;
      case "posts" -> insertMany("posts", 1, i -> post(user, null)).get(0);
      default -> insertMany("comments", 1, i -> Map.of("postId",
          insertMany("posts", 1, j -> post(user, null)).get(0))).get(0);
    };
    counter.reset();
    engine.mutation(tx -> {
      tx.delete(id);
      return null;
    });
    return counter.statements();
  }

  private Map<String, Object> post(String author, @Nullable String category) {
    Map<String, Object> post = new HashMap<>();
    post.put("authorId", author);
    if (category != null) {
      post.put("categoryId", category);
    }
    post.put("slug", "post-" + slugs++);
    return post;
  }

  private void insertWithoutReturning(int count,
      IntFunction<Map<String, ?>> row) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row.apply(i));
    }
    assertThat(mutations.insert("posts").values(rows).execute().affected()).isEqualTo(count);
  }

  private List<String> insertMany(String table, int count,
      IntFunction<Map<String, ?>> row) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row.apply(i));
    }
    return mutations.insert(table).values(rows).returning("_id").execute().rows().stream()
        .map(r -> (String) r.get("_id")).toList();
  }
}
