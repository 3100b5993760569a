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
    assertThat(counter.reads()).as("reads inserting 10 posts").isEqualTo(3);

    counter.reset();
    insertWithoutReturning(100, i -> post(users.get(i % 10), categories.get(i % 2)));
    assertThat(counter.reads())
        .as("reads inserting 100 posts: users, categories, the slug constraint").isEqualTo(3);
    assertThat(counter.statements() - statementsFor10)
        .as("90 more posts cost no more than their own writes")
        .isLessThanOrEqualTo(90 * insertCost);
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
