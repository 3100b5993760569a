package dev.betterconvex.orm.docs;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PageStatus;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.query.QueryStream;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/** Runs the examples of docs/pagination.md. */
class PaginationExamplesTests {

  @DatabaseTest
  void paginationExamples(TestDatabase db) {
    Schema schema = Schema.builder()
        .table("tasks", t -> {
          t.field("projectId", FieldType.string()).notNull();
          t.field("status", FieldType.string()).notNull();
          t.field("title", FieldType.string());
          t.index("by_project", "projectId");
          t.index("by_status", "status");
        })
        .build();
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema).build();
    ConvexOrm orm = new ConvexOrm(engine);
    engine.mutation(tx -> {
      for (int i = 0; i < 25; i++) {
        tx.insert("tasks", Map.of("projectId", i % 2 == 0 ? "p1" : "p2",
            "status", i % 5 == 0 ? "open" : i % 5 == 1 ? "blocked" : "done", "title", "t" + i));
      }
      return null;
    });

    // "Pages"
    List<Document> all = new ArrayList<>();
    String cursor = null;
    PaginationResult<Document> page;
    do {
      page = orm.query("tasks")
          .where(eq("projectId", "p1"))
          .paginate(PaginationOptions.first(5).after(cursor));
      all.addAll(page.page());
      cursor = page.continueCursor();
    } while (!page.isDone());
    assertThat(all).hasSize(13);

    // "Index union"
    PaginationResult<Document> firstOpen = orm.query("tasks")
        .where(in("status", "open", "blocked"))
        .orderBy(Sort.desc("_creationTime"))
        .paginate(PaginationOptions.first(3));
    assertThat(firstOpen.page()).extracting(d -> d.getJava("title"))
        .containsExactly("t21", "t20", "t16");

    // "Split statuses"
    PaginationResult<Document> budgeted = orm.query("tasks")
        .where(eq("status", "open"))
        .paginate(PaginationOptions.first(100).maximumRowsRead(2));
    assertThat(budgeted.pageStatus()).isEqualTo(PageStatus.SPLIT_REQUIRED);
    assertThat(budgeted.splitCursor()).isNotNull();

    // "Spring Data"
    Window<Document> window = orm.query("tasks").where(eq("projectId", "p2"))
        .scroll(ScrollPosition.keyset(), 10);
    Window<Document> next = orm.query("tasks").where(eq("projectId", "p2"))
        .scroll(window.positionAt(window.size() - 1), 10);
    assertThat(window.size() + next.size()).isEqualTo(12);
    assertThat(next.hasNext()).isFalse();

    // "Streams"
    QueryStream<Object> titles = QueryStream.merge(
            orm.stream("tasks", "by_project", q -> q.eq("projectId", "p1"), Order.DESC),
            orm.stream("tasks", "by_project", q -> q.eq("projectId", "p2"), Order.DESC))
        .filter(task -> !"done".equals(task.getJava("status")))
        .map(task -> task.getJava("title"));
    assertThat(titles.take(4)).containsExactly("t21", "t20", "t16", "t15");
    PaginationResult<Object> streamed = titles.paginate(PaginationOptions.first(4));
    assertThat(streamed.page()).containsExactly("t21", "t20", "t16", "t15");

    List<Object> statuses = orm.stream("tasks", "by_status", q -> q, Order.ASC)
        .distinct(1)
        .map(task -> task.getJava("status"))
        .collect();
    assertThat(statuses).containsExactly("blocked", "done", "open");
  }
}
