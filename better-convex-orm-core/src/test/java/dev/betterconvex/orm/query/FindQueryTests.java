package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.like;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;

class FindQueryTests {

  static final Schema SCHEMA = Schema.builder()
      .table("posts", t -> {
        t.field("orgId", FieldType.string()).notNull();
        t.field("slug", FieldType.string()).notNull();
        t.field("title", FieldType.string());
        t.field("status", FieldType.string());
        t.field("score", FieldType.float64());
        t.index("by_org_score", "orgId", "score");
        t.index("by_status", "status");
        t.index("by_slug", "orgId", "slug");
        t.unique("posts_slug_unique", "orgId", "slug");
      })
      .table("notes", t -> {
        t.field("text", FieldType.string());
        t.defaultLimit(2);
      })
      .build();

  static ConvexOrm seeded(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    engine.mutation(tx -> {
      for (int i = 0; i < 10; i++) {
        tx.insert("posts", Map.of("orgId", i % 2 == 0 ? "even" : "odd", "slug", "p" + i,
            "title", "Post " + i, "status", i < 3 ? "draft" : "live", "score", (double) i));
      }
      for (int i = 0; i < 5; i++) {
        tx.insert("notes", Map.of("text", "n" + i));
      }
      return null;
    });
    return new ConvexOrm(engine);
  }

  private static List<Object> slugs(List<Document> docs) {
    return docs.stream().map(d -> d.getJava("slug")).toList();
  }

  @DatabaseTest
  void findManyReadsThroughTheChosenIndexInOrder(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    FindQuery<Document> query = orm.query("posts").where(and(eq("orgId", "even"), gt("score", 2)))
        .orderBy(Sort.desc("score")).limit(2);
    assertThat(query.explain().index()).isEqualTo("by_org_score");
    assertThat(slugs(query.findMany())).containsExactly("p8", "p6");
    assertThat(slugs(orm.query("posts").where(eq("orgId", "even")).orderBy(Sort.asc("score"))
        .offset(1).limit(2).findMany())).containsExactly("p2", "p4");
  }

  /** Every builder call returns a new query; the one it was called on reads as before. */
  @DatabaseTest
  void aQueryIsImmutableSoExtendingItLeavesItAsItWas(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    FindQuery<Document> even = orm.query("posts").where(eq("orgId", "even"))
        .orderBy(Sort.asc("score")).limit(2);
    FindQuery<Document> later = even.where(gt("score", 3)).offset(1).limit(1);
    FindQuery<Document> reversed = even.orderBy(Sort.desc("score"));

    assertThat(slugs(later.findMany())).containsExactly("p6");
    assertThat(slugs(reversed.findMany())).containsExactly("p8", "p6");
    assertThat(slugs(even.findMany())).containsExactly("p0", "p2");
    assertThat(even.explain().limit()).isEqualTo(2);
    assertThat(even.explain().offset()).isZero();
  }

  @DatabaseTest
  void withoutOrderByRowsComeNewestFirst(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    assertThat(slugs(orm.query("posts").limit(3).findMany())).containsExactly("p9", "p8", "p7");
  }

  @DatabaseTest
  void theSizingPolicyNamesItsThreeOptions(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    assertThatThrownBy(() -> orm.query("posts").where(eq("orgId", "odd")).findMany())
        .isInstanceOf(UnboundedQueryException.class)
        .hasMessageContaining("limit(n)").hasMessageContaining("default limit")
        .hasMessageContaining("allowFullScan()");
    assertThat(orm.query("posts").where(eq("orgId", "odd")).allowFullScan().findMany()).hasSize(5);
    assertThat(orm.query("notes").findMany()).hasSize(2);
  }

  @DatabaseTest
  void sortingAfterReadingNeedsAllowFullScan(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    assertThatThrownBy(() -> orm.query("posts").where(eq("orgId", "odd"))
        .orderBy(Sort.desc("title")).limit(2).findMany())
        .isInstanceOf(UnboundedQueryException.class)
        .hasMessageContaining("title").hasMessageContaining("[orgId, title]");
    assertThat(slugs(orm.query("posts").where(eq("orgId", "odd")).orderBy(Sort.desc("title"))
        .limit(2).allowFullScan().findMany())).containsExactly("p9", "p7");
  }

  @DatabaseTest
  void findFirstAndFindFirstOrThrow(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    assertThat(orm.query("posts").where(eq("status", "draft")).orderBy(Sort.asc("_creationTime"))
        .findFirst()).map(d -> d.getJava("slug")).contains("p0");
    assertThat(orm.query("posts").where(eq("status", "gone")).findFirst()).isEmpty();
    assertThatThrownBy(() -> orm.query("posts").where(eq("status", "gone")).findFirstOrThrow())
        .isInstanceOf(EmptyResultDataAccessException.class).hasMessageContaining("\"posts\"");
  }

  @DatabaseTest
  void findUniqueOnlyByIdOrAWholeUniqueConstraint(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    Document p3 = orm.query("posts").where(and(eq("orgId", "odd"), eq("slug", "p3")))
        .findUnique().orElseThrow();
    assertThat(orm.query("posts").where(eq("_id", p3.id())).findUnique()).contains(p3);
    assertThat(orm.query("posts").where(eq("_id", "malformed")).findUnique()).isEmpty();
    assertThatThrownBy(() -> orm.query("posts").where(eq("slug", "p3")).findUnique())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("posts_slug_unique[orgId, slug]").hasMessageContaining("[slug]");
    // The constraint is not enforced yet by the engine: two rows break findUnique loudly.
    orm.engine().mutation(tx -> tx.insert("posts", Map.of("orgId", "odd", "slug", "p3")));
    assertThatThrownBy(() -> orm.query("posts").where(and(eq("orgId", "odd"), eq("slug", "p3")))
        .findUnique()).isInstanceOf(IncorrectResultSizeDataAccessException.class);
  }

  @DatabaseTest
  void countAndColumns(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    assertThat(orm.query("posts").where(in("status", "draft", "live")).count()).isEqualTo(10);
    assertThat(orm.query("posts").where(eq("status", "draft")).count()).isEqualTo(3);
    assertThatThrownBy(() -> orm.query("posts").where(like("title", "Post%")).count())
        .isInstanceOf(UnboundedQueryException.class);
    assertThat(orm.query("posts").where(like("title", "Post%")).allowFullScan().count())
        .isEqualTo(10);
    List<Map<String, Object>> rows = orm.query("posts").where(eq("orgId", "odd"))
        .orderBy(Sort.asc("score")).limit(2).columns("slug", "score").findMany();
    assertThat(rows).containsExactly(Map.of("slug", "p1", "score", 1.0),
        Map.of("slug", "p3", "score", 3.0));
  }

  @DatabaseTest
  void anExplicitIndexOverridesThePlannerAndObeysTheSameRules(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    FindQuery<Document> query = orm.query("posts").withIndex("by_org_score",
        r -> r.eq("orgId", "odd").gte("score", 5)).where(eq("status", "live")).limit(10);
    assertThat(query.explain().index()).isEqualTo("by_org_score");
    assertThat(slugs(query.findMany())).containsExactly("p9", "p7", "p5");
    assertThatThrownBy(() -> orm.query("posts").withIndex("by_org_score", r -> r.gt("score", 1))
        .limit(1).findMany())
        .hasMessageContaining("didn't use the index fields in order");
  }

  @DatabaseTest
  void aMalformedIdMatchesNothingAndReadsNothing(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    long before = orm.engine().statistics().documentsRead();
    assertThat(orm.query("posts").where(eq("_id", "bogus")).limit(5).findMany()).isEmpty();
    assertThat(orm.engine().statistics().documentsRead()).isEqualTo(before);
  }

  @DatabaseTest
  void unknownFieldsAreRefusedNamingTheTable(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    assertThatThrownBy(() -> orm.query("posts").where(eq("nope", 1)).limit(1).findMany())
        .hasMessageContaining("Unknown field \"nope\" on table \"posts\"");
  }
}
