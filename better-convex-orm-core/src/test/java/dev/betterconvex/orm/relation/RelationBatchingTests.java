package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/**
 * Batching: the SQL statements of a relation level do not grow with the number of parents or
 * keys; per-parent limits go into SQL when nothing filters rows after the read.
 */
class RelationBatchingTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("users", t -> {
        t.field("name", FieldType.string()).notNull();
        t.many("posts", "posts");
      })
      .table("posts", t -> {
        t.field("authorId", FieldType.id("users")).notNull().references("users");
        t.field("title", FieldType.string());
        t.index("by_author", "authorId");
        t.one("author", "users");
        t.many("comments", "comments");
      })
      .table("comments", t -> {
        t.field("postId", FieldType.id("posts")).notNull().references("posts");
        t.field("body", FieldType.string());
        t.index("by_post", "postId");
      })
      .build();

  @DatabaseTest
  void fiveHundredParentsCostTheStatementsOfFive(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    engine.mutation(tx -> {
      for (int u = 0; u < 500; u++) {
        String user = tx.insert("users", Map.of("name", "user" + u));
        for (int p = 0; p < 2; p++) {
          String post = tx.insert("posts", Map.of("authorId", user, "title", "post" + u + "." + p));
          tx.insert("comments", Map.of("postId", post, "body", "on " + u + "." + p));
        }
      }
      return null;
    });
    ConvexOrm orm = new ConvexOrm(engine);

    long[] relationStatements = new long[2];
    long[] totalStatements = new long[2];
    int[] parents = {5, 500};
    for (int i = 0; i < parents.length; i++) {
      int n = parents[i];
      counter.reset();
      assertThat(orm.query("users").limit(n).findMany()).hasSize(n);
      long root = counter.statements();
      counter.reset();
      List<Row> users = orm.query("users").rows()
          .with("posts", p -> p.limit(5).with("comments", c -> c.limit(5)))
          .limit(n).findMany();
      totalStatements[i] = counter.statements();
      relationStatements[i] = totalStatements[i] - root;
      assertThat(users).hasSize(n).allSatisfy(user -> {
        assertThat(user.many("posts")).hasSize(2).allSatisfy(post ->
            assertThat(post.many("comments")).hasSize(1));
      });
    }
    assertThat(relationStatements).as("one statement per relation level").containsExactly(2, 2);
    assertThat(totalStatements).as("plus the parents: one statement per 256 rows")
        .containsExactly(3, 4);
  }

  @DatabaseTest
  void aPerParentLimitIsReadInSqlUnlessRowsAreFilteredAfterTheRead(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    long before = blog.engine.statistics().documentsRead();
    Row ada = blog.orm.query("users").rows()
        .with("posts", p -> p.orderBy(Sort.desc("score")).limit(1))
        .where(eq("_id", blog.id("ada"))).findFirstOrThrow();
    assertThat(RelationLoadingTests.field(ada.many("posts"), "title")).containsExactly("Draft");
    assertThat(blog.engine.statistics().documentsRead() - before)
        .as("ada, then one of her four posts").isEqualTo(2);

    before = blog.engine.statistics().documentsRead();
    ada = blog.orm.query("users").rows()
        .with("posts", p -> p.where(eq("published", true)).orderBy(Sort.desc("score")).limit(1))
        .where(eq("_id", blog.id("ada"))).findFirstOrThrow();
    assertThat(RelationLoadingTests.field(ada.many("posts"), "title"))
        .containsExactly("Analytical");
    assertThat(blog.engine.statistics().documentsRead() - before)
        .as("ada, then all four posts: the where runs after the read").isEqualTo(5);
  }
}
