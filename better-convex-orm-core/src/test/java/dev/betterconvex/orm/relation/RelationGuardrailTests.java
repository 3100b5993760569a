package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.relation.Blog.User;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.function.UnaryOperator;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The guardrails fail before reading (no statement runs), name the relation, the figure and
 * what raises the cap; each cap can be raised per relation, per query and for the ORM.
 */
class RelationGuardrailTests {

  @DatabaseTest
  void aManyRelationNeedsALimitADefaultLimitOrAllowFullScan(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    Blog blog = Blog.seeded(counter.dataSource());
    counter.reset();
    assertThatThrownBy(() -> blog.orm.query("posts").rows().with("comments").limit(5).findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("Relation \"posts.comments\" (posts.comments) is a many relation with no "
            + "bound per parent: give it a limit(n), declare a default limit on table "
            + "\"comments\" (@Table(defaultLimit = ...) or defaultLimit(n) in the schema "
            + "builder), or call allowFullScan() on it");
    assertThatThrownBy(() -> blog.orm.query("tags").rows().with("posts").limit(5).findMany())
        .hasMessageContaining("\"tags.posts\" (tags.posts) is a many-to-many relation");
    assertThat(counter.statements()).isZero();

    assertThat(blog.orm.query("posts").rows().with("comments", c -> c.allowFullScan())
        .where(eq("_id", blog.id("p1"))).findFirstOrThrow().many("comments")).hasSize(2);
    assertThat(blog.orm.query("posts").rows().with("tags")
        .where(eq("_id", blog.id("p1"))).findFirstOrThrow().many("tags"))
        .as("the tags table's default limit").hasSize(2);
  }

  @DatabaseTest
  void aRelationNoIndexServesIsRefused(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    Blog blog = Blog.seeded(counter.dataSource());
    counter.reset();
    assertThatThrownBy(() -> blog.orm.query("posts").rows().with("likes", l -> l.limit(3))
        .limit(5).findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("Relation \"posts.likes\" looks up table \"likes\" by [postId], but no index "
            + "of \"likes\" starts with those fields, so every lookup would read the whole table: "
            + "add index(\"by_postId\", \"postId\") or @Index(name = \"by_postId\", fields = "
            + "{\"postId\"})");
    assertThat(counter.statements()).isZero();
  }

  @DatabaseTest
  void nestingDepthIsCappedAndCanBeRaised(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    Blog blog = Blog.seeded(counter.dataSource());
    counter.reset();
    assertThatThrownBy(() -> blog.orm.query("users").rows()
        .with("posts", p -> p.limit(1).with("author", a -> a.with("posts", q -> q.limit(1))))
        .relationMaxDepth(2).limit(5).findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("with nests 3 levels deep at users.posts.author.posts, more than "
            + "relationMaxDepth (2). Raise it for the query with relationMaxDepth(n), or for the "
            + "ORM with OrmSettings.withRelationMaxDepth(n) (property "
            + "better-convex.orm.relations.max-depth)");

    UnaryOperator<RelationQuery> chain = r -> r.limit(1);
    for (int i = 0; i < 5; i++) {
      UnaryOperator<RelationQuery> inner = chain;
      chain = p -> p.limit(1).with("author", a -> a.with("posts", inner));
    }
    UnaryOperator<RelationQuery> elevenDeep = chain;
    FindQuery<Row> deep = blog.orm.query("users").rows().with("posts", elevenDeep)
        .where(eq("name", "ada")).limit(1);
    assertThatThrownBy(deep::findMany).hasMessageContaining("nests 11 levels deep")
        .hasMessageContaining("relationMaxDepth (10)");
    assertThat(counter.statements()).isZero();

    Row ada = deep.relationMaxDepth(11).findMany().get(0);
    assertThat(ada.many("posts").get(0).one("author").orElseThrow().get("name")).isEqualTo("ada");
    ConvexOrm deeper = blog.orm(OrmSettings.DEFAULTS.withRelationMaxDepth(11));
    assertThat(deeper.query("users").rows().with("posts", elevenDeep).where(eq("name", "ada"))
        .limit(1).findMany()).hasSize(1);
  }

  @DatabaseTest
  void distinctLookupKeysAreCappedPerLevelAndTheCapCanBeRaised(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    Blog blog = Blog.seeded(counter.dataSource());
    counter.reset();
    FindQuery<Row> posts = blog.orm.query("posts").rows().with("author").limit(10);
    assertThatThrownBy(() -> posts.relationMaxKeys(2).findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessage("Relation \"posts.author\" (posts.author) has 3 distinct lookup keys, more "
            + "than relationMaxKeys (2). Raise the cap for this relation with maxKeys(n) in its "
            + "with(...), for the query with relationMaxKeys(n), or for the ORM with "
            + "OrmSettings.withRelationMaxKeys(n) (property better-convex.orm.relations.max-keys)"
            + "; or read fewer parent rows");
    assertThat(counter.statements()).as("only the parents were read").isEqualTo(1);

    assertThat(posts.relationMaxKeys(3).findMany()).hasSize(7);
    assertThat(blog.orm.query("posts").rows().with("author", a -> a.maxKeys(3))
        .relationMaxKeys(1).limit(10).findMany()).hasSize(7);
    ConvexOrm tight = blog.orm(OrmSettings.DEFAULTS.withRelationMaxKeys(2));
    assertThatThrownBy(() -> tight.query(User.class).with("posts", p -> p.limit(1)).limit(10)
        .findMany()).hasMessageContaining("\"users.posts\" (users.posts) has 3 distinct lookup "
            + "keys, more than relationMaxKeys (2)");

    assertThatThrownBy(() -> blog.orm.query("posts").rows()
        .with("tags", t -> t.limit(5).maxKeys(2))
        .where(in("_id", blog.id("p1"), blog.id("p5"))).limit(5).findMany())
        .hasMessageContaining("\"posts.tags\" (posts.tags) has 3 distinct keys of table \"tags\" "
            + "through \"postTags\", more than relationMaxKeys (2)");
  }

  @DatabaseTest
  void optionsAndNamesAreCheckedBeforeReading(TestDatabase db) {
    StatementCounter counter = new StatementCounter(db.dataSource());
    Blog blog = Blog.seeded(counter.dataSource());
    counter.reset();
    assertThatThrownBy(() -> blog.orm.query("posts").rows().with("author", a -> a.limit(1))
        .limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("\"posts.author\" is a one relation");
    assertThatThrownBy(() -> blog.orm.query("posts").rows().with("writer").limit(5).findMany())
        .hasMessage("Table \"posts\" has no relation \"writer\"; its relations: "
            + "[author, comments, tags, likes]");
    assertThatThrownBy(() -> blog.orm.query("users").rows()
        .with("posts", p -> p.limit(1).where(eq("draft", true))).limit(5).findMany())
        .hasMessageContaining("Unknown field \"draft\" on table \"posts\"");
    assertThatThrownBy(() -> blog.orm.query(User.class)
        .with("posts", p -> p.limit(1).columns("title")).limit(5).findMany())
        .hasMessageContaining("columns(...) on relation \"users.posts\" cannot shape entities");
    assertThat(counter.statements()).isZero();
    assertThatThrownBy(() -> new RelationQuery("posts").limit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> blog.orm.query("posts").relationMaxKeys(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
