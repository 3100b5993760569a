package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.isMissing;
import static dev.betterconvex.orm.filter.Filters.ne;
import static dev.betterconvex.orm.filter.Filters.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/** Runs the examples of docs/queries.md and checks the explain() output quoted there. */
class QueriesExamplesTests {

  static Schema schema() {
    return Schema.builder()
        .table("posts", t -> {
          t.field("orgId", FieldType.string()).notNull();
          t.field("status", FieldType.string());
          t.field("title", FieldType.string());
          t.field("publishedAt", FieldType.float64());
          t.index("by_org", "orgId");
          t.index("by_org_published", "orgId", "publishedAt");
          t.index("by_status", "status");
          t.index("by_title", "title");
        })
        .build();
  }

  @DatabaseTest
  void queriesExamples(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema()).build();
    ConvexOrm orm = new ConvexOrm(engine);
    engine.mutation(tx -> {
      tx.insert("posts", Map.of("orgId", "acme", "status", "live", "title", "Hello",
          "publishedAt", 10.0));
      tx.insert("posts", Map.of("orgId", "acme", "status", "draft", "title", "Help",
          "publishedAt", 20.0));
      return null;
    });

    List<Document> latest = orm.query("posts")
        .where(and(eq("orgId", "acme"), gt("publishedAt", 5)))
        .orderBy(Sort.desc("publishedAt"))
        .limit(10)
        .findMany();
    assertThat(latest).extracting(d -> d.getJava("title")).containsExactly("Help", "Hello");
    assertThat(orm.query("posts")
        .where(and(eq("orgId", "acme"), gt("publishedAt", 5)))
        .orderBy(Sort.desc("publishedAt"))
        .limit(10)
        .explain()).hasToString("""
            table: posts
            index: by_org_published (1 field pinned by equality, range on publishedAt, serves the order)
            range: by_org_published orgId == "acme" AND publishedAt > 5.0
            post-filter: and(eq(orgId, "acme"), gt(publishedAt, 5.0))
            order: [publishedAt desc], read from the index desc
            limit: 10
            full scan: no, allowFullScan: no""");

    assertThat(orm.query("posts").where(in("status", "live", "draft")).limit(20).explain())
        .hasToString("""
            table: posts
            index: by_status (1 field pinned by equality, exact match, 2 probes, serves the order)
            ranges (2 probes, read one after another in index order):
              by_status status == "draft"
              by_status status == "live"
            post-filter: in(status, ["live", "draft"])
            order: index order, read from the index desc
            limit: 20
            full scan: no, allowFullScan: no""");

    assertThat(orm.query("posts").where(ne("status", "draft")).limit(20).explain().probes())
        .hasSize(2);
    assertThat(orm.query("posts").where(startsWith("title", "Hel")).limit(5).explain().toString())
        .contains("range: by_title title >= \"Hel\" AND title < \"Hem\"");
    assertThat(orm.query("posts").where(eq("title", "Hello")).orderBy(Sort.asc("publishedAt"))
        .limit(5).allowFullScan().explain().toString())
        .contains("order: [publishedAt asc], sorted after reading");
    assertThat(orm.query("posts").where(in("status", "live", "draft"))
        .orderBy(Sort.desc("_creationTime")).limit(20).explain().toString())
        .contains("ranges (2 probes, merged by the order):");
    assertThat(orm.query("posts").where(isMissing("status")).limit(5).explain().toString())
        .contains("range: by_status status == undefined");
  }
}
