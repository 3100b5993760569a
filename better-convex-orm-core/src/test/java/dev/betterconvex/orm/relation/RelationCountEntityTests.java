package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.InvalidSchemaException;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.AggregateIndex;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.RelationCount;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/** Relation counts in entities: {@code @RelationCount} properties, filled by withCount. */
class RelationCountEntityTests {

  @Table(name = "authors")
  record Author(@Id String id, @NotNull String name, @Many List<Book> books,
      @Many List<Review> reviews, @RelationCount("books") Long bookCount,
      @RelationCount("books") int books2) {
  }

  @Table(name = "books")
  @Index(name = "by_author", fields = "authorId")
  @AggregateIndex(name = "agg_author", on = "authorId")
  record Book(@Id String id, @References(table = "authors") String authorId, String title) {
  }

  @Table(name = "reviews")
  @Index(name = "by_author", fields = "authorId")
  record Review(@Id String id, @References(table = "authors") String authorId) {
  }

  @Table(name = "bad")
  record Bad(@Id String id, @Many List<Book> books, @RelationCount("nope") Long nope,
      @RelationCount("books") String text) {
  }

  @DatabaseTest
  void aRelationCountPropertyHoldsTheCountOfItsRelation(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.builder()
        .entity(Author.class).entity(Book.class).entity(Review.class).build()).build();
    ConvexOrm orm = new ConvexOrm(engine);
    ConvexMutations mutations = new ConvexMutations(orm);
    Author ada = mutations.insert(Author.class).values(new Author(null, "ada", null, null, null,
        0)).returning().withCount("books").execute().rows().get(0);
    assertThat(ada.bookCount()).as("counted after the insert").isZero();
    mutations.insert("books").values(Map.of("authorId", ada.id(), "title", "Notes"),
        Map.of("authorId", ada.id(), "title", "Sketch")).execute();

    Author read = orm.query(Author.class).withCount("books").with("books", b -> b.limit(5))
        .where(eq("_id", ada.id())).findFirstOrThrow();
    assertThat(read.bookCount()).isEqualTo(2L);
    assertThat(read.books2()).isEqualTo(2);
    assertThat(read.books()).hasSize(2);
    Author uncounted = orm.query(Author.class).where(eq("_id", ada.id())).findFirstOrThrow();
    assertThat(uncounted.bookCount()).as("not counted: null").isNull();
    assertThat(uncounted.books2()).as("not counted: a primitive is 0").isZero();

    Author renamed = mutations.update(Author.class).set(Map.of("name", "Ada"))
        .where(eq("_id", ada.id())).returning().withCount("books").execute().rows().get(0);
    assertThat(renamed.bookCount()).isEqualTo(2L);
    assertThat(renamed.name()).isEqualTo("Ada");

    assertThatThrownBy(() -> orm.query(Author.class).withCount("reviews", r -> r.allowFullScan())
        .limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessage("withCount(\"reviews\") on rows of entity Author (authors._count.reviews): "
            + "the class has no property to hold the count; add @RelationCount(\"reviews\") Long "
            + "reviewsCount to it, or read rows() or columns(...)");
    assertThatThrownBy(() -> mutations.update(Author.class).set(Map.of("name", "x"))
        .where(eq("_id", ada.id())).returning().withCount("reviews", r -> r.allowFullScan())
        .execute())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("add @RelationCount(\"reviews\")");
    assertThat(orm.query(Author.class).where(eq("_id", ada.id())).findFirstOrThrow().name())
        .as("refused before writing").isEqualTo("Ada");
  }

  @Test
  void aRelationCountThatNamesNoManyRelationOrIsNoNumberFailsTheSchema() {
    assertThatThrownBy(() -> Schema.builder().entity(Bad.class).entity(Book.class)
        .entity(Author.class).entity(Review.class).build())
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("Table \"bad\", property \"Bad.nope\": @RelationCount(\"nope\") "
            + "names no @Many relation of Bad; its @Many relations: [books]")
        .hasMessageContaining("Table \"bad\", property \"Bad.text\": @RelationCount(\"books\") "
            + "must be a long, Long, int or Integer, but is a java.lang.String");
  }
}
