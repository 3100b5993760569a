package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.ne;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/** one, many, many-to-many and nested loading, per-parent order, offset, limit and where. */
class RelationLoadingTests {

  static List<Object> field(List<Row> rows, String field) {
    return rows.stream().map(r -> r.get(field)).toList();
  }

  static Map<Object, List<Object>> titlesByName(List<Row> users) {
    Map<Object, List<Object>> result = new java.util.LinkedHashMap<>();
    users.forEach(u -> result.put(u.get("name"), field(u.many("posts"), "title")));
    return result;
  }

  @DatabaseTest
  void aOneRelationLoadsItsTargetAndAMissingTargetIsNull(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Row> posts = blog.orm.query("posts").rows().with("author")
        .orderBy(Sort.asc("_creationTime")).limit(10).findMany();
    assertThat(field(posts, "title")).containsExactly("Notes", "Draft", "Bernoulli",
        "Analytical", "Tapes", "Anonymous", "Haunted");
    assertThat(posts.stream().map(p -> p.one("author").map(a -> a.get("name")).orElse(null)))
        .containsExactly("ada", "ada", "ada", "ada", "bob", null, null);
    assertThat(posts.get(0).one("author").orElseThrow())
        .isSameAs(posts.get(1).one("author").orElseThrow());

    List<Row> users = blog.orm.query("users").rows().with("profile")
        .orderBy(Sort.asc("_creationTime")).limit(10).findMany();
    assertThat(users.stream().map(u -> u.one("profile").map(p -> p.get("bio")).orElse(null)))
        .containsExactly("engines", null, null);
  }

  @DatabaseTest
  void aManyRelationIsOrderedOffsetAndLimitedPerParent(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Row> users = blog.orm.query("users").rows()
        .with("posts", p -> p.orderBy(Sort.desc("score")).offset(1).limit(2))
        .orderBy(Sort.asc("_creationTime")).limit(10).findMany();
    assertThat(titlesByName(users)).containsExactly(
        Map.entry("ada", List.of("Analytical", "Bernoulli")),
        Map.entry("bob", List.of()),
        Map.entry("cy", List.of()));

    users = blog.orm.query("users").rows()
        .with("posts", p -> p.orderBy(Sort.asc("title")).limit(3))
        .orderBy(Sort.asc("_creationTime")).limit(10).findMany();
    assertThat(titlesByName(users)).containsExactly(
        Map.entry("ada", List.of("Analytical", "Bernoulli", "Draft")),
        Map.entry("bob", List.of("Tapes")),
        Map.entry("cy", List.of()));

    users = blog.orm.query("users").rows().with("posts", p -> p.limit(2))
        .where(eq("name", "ada")).limit(1).findMany();
    assertThat(titlesByName(users)).containsExactly(
        Map.entry("ada", List.of("Draft", "Analytical")));
  }

  @DatabaseTest
  void theRelationWhereRunsBeforeThePerParentLimit(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Row> users = blog.orm.query("users").rows()
        .with("posts", p -> p.where(eq("published", true)).orderBy(Sort.desc("score")).limit(2))
        .orderBy(Sort.asc("_creationTime")).limit(10).findMany();
    assertThat(titlesByName(users)).containsExactly(
        Map.entry("ada", List.of("Analytical", "Bernoulli")),
        Map.entry("bob", List.of("Tapes")),
        Map.entry("cy", List.of()));

    List<Row> posts = blog.orm.query("posts").rows()
        .with("author", a -> a.where(eq("name", "bob")))
        .where(in("_id", blog.id("p1"), blog.id("p5"))).orderBy(Sort.asc("_creationTime"))
        .allowFullScan().limit(5).findMany();
    assertThat(posts.stream().map(p -> p.one("author").map(a -> a.get("name")).orElse(null)))
        .containsExactly(null, "bob");

    posts = blog.orm.query("posts").rows()
        .with("author", a -> a.where(eq("_id", "not an id")))
        .where(eq("_id", blog.id("p1"))).limit(5).findMany();
    assertThat(posts.get(0).one("author")).isEmpty();
  }

  @DatabaseTest
  void aManyToManyRelationGoesThroughItsJunctionTable(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Row> posts = blog.orm.query("posts").rows()
        .with("tags", t -> t.orderBy(Sort.asc("name")).limit(5))
        .where(in("_id", blog.id("p1"), blog.id("p3"), blog.id("p4"), blog.id("p5")))
        .orderBy(Sort.asc("_creationTime")).allowFullScan().limit(10).findMany();
    assertThat(posts.stream().map(p -> field(p.many("tags"), "name")))
        .containsExactly(List.of("java", "sql"), List.of("sql"), List.of(), List.of("h2", "java"));

    posts = blog.orm.query("posts").rows().with("tags")
        .where(in("_id", blog.id("p1"), blog.id("p5"))).orderBy(Sort.asc("_creationTime"))
        .allowFullScan().limit(10).findMany();
    assertThat(posts.stream().map(p -> field(p.many("tags"), "name")))
        .as("newest link first, up to the tags table's default limit of 2")
        .containsExactly(List.of("sql", "java"), List.of("java", "h2"));

    posts = blog.orm.query("posts").rows()
        .with("tags", t -> t.where(ne("name", "h2")).orderBy(Sort.asc("name")).offset(1).limit(1))
        .where(in("_id", blog.id("p1"), blog.id("p5"))).orderBy(Sort.asc("_creationTime"))
        .allowFullScan().limit(10).findMany();
    assertThat(posts.stream().map(p -> field(p.many("tags"), "name")))
        .containsExactly(List.of("sql"), List.of());

    List<Row> tags = blog.orm.query("tags").rows()
        .with("posts", p -> p.limit(5)).orderBy(Sort.asc("name")).limit(5).findMany();
    assertThat(tags.stream().map(t -> t.get("name") + "=" + field(t.many("posts"), "title")))
        .containsExactly("h2=[Tapes]", "java=[Tapes, Notes]", "sql=[Bernoulli, Notes]");
  }

  @DatabaseTest
  void relationsNestThreeLevelsDeep(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Row> users = blog.orm.query("users").rows()
        .with("posts", p -> p.orderBy(Sort.asc("score")).limit(10)
            .with("comments", c -> c.orderBy(Sort.asc("_creationTime")).limit(10)
                .with("author")))
        .where(eq("name", "ada")).limit(1).findMany();
    List<Row> posts = users.get(0).many("posts");
    assertThat(field(posts, "title")).containsExactly("Notes", "Bernoulli", "Analytical", "Draft");
    assertThat(posts.stream().map(p -> p.many("comments").stream()
        .map(c -> c.get("body") + " by " + c.one("author").orElseThrow().get("name")).toList()))
        .containsExactly(List.of("nice by bob", "agreed by cy"), List.of("thanks by ada"),
            List.of(), List.of());
  }

  @DatabaseTest
  void explainRelationsShowsEveryRead(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    String plan = blog.orm.query("users").rows()
        .with("posts", p -> p.where(eq("published", true)).orderBy(Sort.desc("score")).limit(2)
            .with("tags", t -> t.orderBy(Sort.asc("name")).limit(3)))
        .with("profile")
        .limit(10).explainRelations().toString();
    assertThat(plan).isEqualTo("""
        users.posts (many): posts.by_author_score [authorId == _id], where eq(published, true), \
        order [score desc] read from the index desc, per parent: limit 2, max keys 1000
          users.posts.tags (many-to-many): postTags.by_post [postId == _id], then tags.by_id \
        [_id == tagId], order [name asc] sorted after reading, per parent: limit 3, max keys 1000
        users.profile (one): profiles.by_user [userId == _id], max keys 1000""");
  }
}
