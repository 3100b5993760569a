package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.relation.Blog.Comment;
import dev.betterconvex.orm.relation.Blog.Post;
import dev.betterconvex.orm.relation.Blog.Tag;
import dev.betterconvex.orm.relation.Blog.User;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/** Loaded relations in every row type: entities, Rows, maps; on findMany, findFirst, pages. */
class RelationShapesTests {

  @DatabaseTest
  void entitiesGetTheirRelationPropertiesSet(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<User> users = blog.orm.query(User.class)
        .with("posts", p -> p.orderBy(Sort.asc("score")).limit(10)
            .with("tags", t -> t.orderBy(Sort.asc("name"))))
        .with("profile")
        .orderBy(Sort.asc("createdAt")).limit(3).findMany();
    User ada = users.get(0);
    assertThat(ada.posts()).extracting(p -> p.title)
        .containsExactly("Notes", "Bernoulli", "Analytical", "Draft");
    Post notes = ada.posts().get(0);
    assertThat(notes.tags).isInstanceOf(LinkedHashSet.class).extracting(Tag::name)
        .containsExactly("java", "sql");
    assertThat(notes.tags.iterator().next().posts()).as("not loaded").isNull();
    assertThat(notes.author).as("not loaded").isNull();
    assertThat(ada.profile()).isNotNull();
    assertThat(ada.profile().bio()).isEqualTo("engines");
    assertThat(users.get(1).profile()).isNull();
    assertThat(users.get(2).posts()).isEmpty();

    Post p1 = blog.orm.query(Post.class).with("author")
        .with("comments", c -> c.orderBy(Sort.asc("createdAt")).limit(5).with("author"))
        .where(eq("id", blog.id("p1"))).findUnique().orElseThrow();
    assertThat(p1.author.name()).isEqualTo("ada");
    assertThat(p1.comments).extracting(Comment::body, c -> c.author().name())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("nice", "bob"),
            org.assertj.core.groups.Tuple.tuple("agreed", "cy"));
  }

  @DatabaseTest
  void aRelatedRowSharedByParentsIsOneEntity(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Post> posts = blog.orm.query(Post.class).with("author").where(eq("authorId",
        blog.id("ada"))).limit(5).findMany();
    assertThat(posts).hasSize(4);
    assertThat(posts.get(0).author).isSameAs(posts.get(3).author);
  }

  @DatabaseTest
  void columnsMapsHoldRelationsAsEntries(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    List<Map<String, Object>> users = blog.orm.query("users").columns("name")
        .with("posts", p -> p.columns("title", "score").orderBy(Sort.asc("score")).limit(2))
        .orderBy(Sort.asc("_creationTime")).limit(2).findMany();
    assertThat(users).containsExactly(
        Map.of("name", "ada", "posts", List.of(Map.of("title", "Notes", "score", 1L),
            Map.of("title", "Bernoulli", "score", 3L))),
        Map.of("name", "bob", "posts", List.of(Map.of("title", "Tapes", "score", 2L))));

    Row bob = blog.orm.query("users").rows().with("profile").where(eq("name", "bob"))
        .findFirstOrThrow();
    Map<String, Object> map = bob.toMap();
    assertThat(map).containsEntry("_id", blog.id("bob")).containsEntry("name", "bob")
        .containsEntry("profile", null).containsKey("_creationTime");
    assertThat(bob.relations()).containsOnlyKeys("profile");
  }

  @DatabaseTest
  void pagesAndWindowsCarryTheirRelations(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    PaginationResult<Row> page = blog.orm.query("posts").rows().with("author")
        .with("tags", t -> t.orderBy(Sort.asc("name")))
        .where(eq("authorId", blog.id("bob"))).paginate(PaginationOptions.first(5));
    assertThat(page.page()).hasSize(1);
    assertThat(page.page().get(0).one("author").orElseThrow().get("name")).isEqualTo("bob");
    assertThat(RelationLoadingTests.field(page.page().get(0).many("tags"), "name"))
        .containsExactly("h2", "java");

    Window<User> window = blog.orm.query(User.class).with("posts", p -> p.limit(1))
        .scroll(ScrollPosition.keyset(), 2);
    assertThat(window.getContent()).extracting(User::name).containsExactly("cy", "bob");
    assertThat(window.getContent().get(1).posts()).extracting(p -> p.title)
        .containsExactly("Tapes");
  }

  @DatabaseTest
  void documentRowsCannotHoldRelations(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    assertThatThrownBy(() -> blog.orm.query("users").with("profile").limit(1).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("with(...) on orm.query(\"users\")")
        .hasMessageContaining("rows()");
    assertThat(blog.orm.query("users").limit(1).findMany()).hasSize(1);
  }

  @DatabaseTest
  void rowsSayWhichRelationsWereLoaded(TestDatabase db) {
    Blog blog = Blog.seeded(db.dataSource());
    Row ada = blog.orm.query("users").rows().with("profile").with("posts", p -> p.limit(1))
        .where(eq("name", "ada")).findFirstOrThrow();
    assertThatThrownBy(() -> ada.many("profile")).hasMessageContaining("one(\"profile\")");
    assertThatThrownBy(() -> ada.one("posts")).hasMessageContaining("many(\"posts\")");
    assertThatThrownBy(() -> ada.many("comments"))
        .hasMessageContaining("Relation \"comments\" of table \"users\" was not loaded");
  }
}
