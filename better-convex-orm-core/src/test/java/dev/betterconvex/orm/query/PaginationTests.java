package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

class PaginationTests {

  static final Schema SCHEMA = Schema.builder()
      .table("items", t -> {
        t.field("status", FieldType.string()).notNull();
        t.field("n", FieldType.int64()).notNull();
        t.index("by_status", "status");
      })
      .build();

  static ConvexOrm orm(TestDatabase db) {
    return new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
  }

  static String insert(ConvexOrm orm, String status, long n) {
    return orm.engine().mutation(tx -> tx.insert("items", Map.of("status", status, "n", n)));
  }

  @DatabaseTest
  void pagesStayExactWhileRowsAreInsertedAndDeletedBetweenPages(TestDatabase db) {
    ConvexOrm orm = orm(db);
    Random random = new Random(42);
    List<String> statuses = List.of("a", "b", "c", "d");
    List<String> ids = new ArrayList<>();
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 300; i++) {
        ids.add(tx.insert("items", Map.of("status", statuses.get(random.nextInt(4)),
            "n", (long) random.nextInt(100))));
      }
      return null;
    });
    Map<String, Supplier<FindQuery<Document>>> queries = new HashMap<>();
    queries.put("single index", () -> orm.query("items").where(eq("status", "a"))
        .orderBy(Sort.desc("_creationTime")));
    queries.put("index union", () -> orm.query("items").where(in("status", "a", "c"))
        .orderBy(Sort.desc("_creationTime")));
    queries.put("post-filter", () -> orm.query("items")
        .where(and(in("status", "b", "d"), gt("n", 50))).orderBy(Sort.asc("_creationTime")));
    queries.put("table scan", () -> orm.query("items").where(gt("n", 30)));
    Set<String> deleted = new HashSet<>();
    for (Map.Entry<String, Supplier<FindQuery<Document>>> q : queries.entrySet()) {
      List<Document> before = q.getValue().get().allowFullScan().findMany();
      List<Document> seen = new ArrayList<>();
      String cursor = null;
      boolean done = false;
      int pages = 0;
      while (!done) {
        PaginationResult<Document> page = q.getValue().get()
            .paginate(PaginationOptions.first(1 + random.nextInt(15)).after(cursor));
        seen.addAll(page.page());
        cursor = page.continueCursor();
        done = page.isDone();
        pages++;
        // Churn between pages: delete a few live rows and insert new ones.
        for (int k = 0; k < 3; k++) {
          String victim = ids.get(random.nextInt(ids.size()));
          if (deleted.add(victim)) {
            orm.engine().mutation(tx -> {
              tx.delete(victim);
              return null;
            });
          }
          ids.add(insert(orm, statuses.get(random.nextInt(4)), random.nextInt(100)));
        }
      }
      List<String> seenIds = seen.stream().map(Document::id).toList();
      assertThat(new HashSet<>(seenIds)).as(q.getKey() + ": no row twice").hasSameSizeAs(seenIds);
      for (Document d : before) {
        if (!deleted.contains(d.id())) {
          assertThat(seenIds).as(q.getKey() + ": row present for the whole walk").contains(d.id());
        }
      }
      boolean ascending = q.getKey().equals("post-filter");
      for (int i = 1; i < seen.size(); i++) {
        double previous = seen.get(i - 1).creationTime();
        double current = seen.get(i).creationTime();
        assertThat(ascending ? current > previous : current < previous)
            .as(q.getKey() + ": order holds across pages").isTrue();
      }
      assertThat(pages).isGreaterThan(2);
    }
  }

  @DatabaseTest
  void indexUnionPagesReadOnlyAHandfulOfDocuments(TestDatabase db) {
    ConvexOrm orm = orm(db);
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 120; i++) {
        String status = i == 0 || i == 119 ? "active" : i == 1 || i == 118 ? "pending" : "archived";
        tx.insert("items", Map.of("status", status, "n", (long) i));
      }
      return null;
    });
    Supplier<FindQuery<Document>> query = () -> orm.query("items")
        .where(in("status", "active", "pending")).orderBy(Sort.desc("_creationTime"));
    assertThat(query.get().explain().probes()).hasSize(2);
    long before = orm.engine().statistics().documentsRead();
    PaginationResult<Document> first = query.get().paginate(PaginationOptions.first(2));
    long read = orm.engine().statistics().documentsRead() - before;
    assertThat(first.page()).extracting(d -> d.getJava("n")).containsExactly(119L, 118L);
    assertThat(read).as("documents read for the first page").isLessThanOrEqualTo(4);
    assertThat(first.isDone()).isFalse();
    PaginationResult<Document> second = query.get()
        .paginate(PaginationOptions.first(2).after(first.continueCursor()));
    assertThat(second.page()).extracting(d -> d.getJava("n")).containsExactly(1L, 0L);
    PaginationResult<Document> third = query.get()
        .paginate(PaginationOptions.first(2).after(second.continueCursor()));
    assertThat(third.page()).isEmpty();
    assertThat(third.isDone()).isTrue();
  }

  @DatabaseTest
  void tamperedTruncatedAndForeignCursorsAreRejected(TestDatabase db) {
    ConvexOrm orm = orm(db);
    for (int i = 0; i < 5; i++) {
      insert(orm, "a", i);
    }
    Supplier<FindQuery<Document>> query = () -> orm.query("items").where(eq("status", "a"));
    String cursor = query.get().paginate(PaginationOptions.first(2)).continueCursor();
    char last = cursor.charAt(5);
    String tampered = cursor.substring(0, 5) + (last == 'A' ? 'B' : 'A') + cursor.substring(6);
    assertThatThrownBy(() -> query.get().paginate(PaginationOptions.first(2).after(tampered)))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> query.get()
        .paginate(PaginationOptions.first(2).after(cursor.substring(0, 10))))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> query.get().paginate(PaginationOptions.first(2).after("%%%")))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> orm.query("items").where(eq("status", "b"))
        .paginate(PaginationOptions.first(2).after(cursor)))
        .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another query");
    assertThatThrownBy(() -> query.get().orderBy(Sort.asc("_creationTime"))
        .paginate(PaginationOptions.first(2).after(cursor)))
        .isInstanceOf(InvalidCursorException.class);
  }

  @DatabaseTest
  void aCursorSurvivesTheDeletionOfItsRowAndEndCursorsKeepPagesAdjacent(TestDatabase db) {
    ConvexOrm orm = orm(db);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(insert(orm, "a", i));
    }
    Supplier<FindQuery<Document>> query = () -> orm.query("items").where(eq("status", "a"))
        .orderBy(Sort.asc("_creationTime"));
    PaginationResult<Document> first = query.get().paginate(PaginationOptions.first(3));
    assertThat(first.page()).extracting(Document::id).containsExactlyElementsOf(ids.subList(0, 3));
    orm.engine().mutation(tx -> {
      tx.delete(ids.get(2));
      return null;
    });
    PaginationResult<Document> second = query.get()
        .paginate(PaginationOptions.first(3).after(first.continueCursor()));
    assertThat(second.page()).extracting(Document::id).containsExactlyElementsOf(ids.subList(3, 6));

    // Re-reading the first page up to its old end stays adjacent to the second page, even after
    // a row inside it went away and a new row arrived at the end.
    insert(orm, "a", 99);
    PaginationResult<Document> again = query.get()
        .paginate(PaginationOptions.first(1).endingAt(first.continueCursor()));
    assertThat(again.page()).extracting(Document::id).containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(again.continueCursor()).isEqualTo(first.continueCursor());
  }

  @DatabaseTest
  void aRowBudgetSplitsPages(TestDatabase db) {
    ConvexOrm orm = orm(db);
    for (int i = 0; i < 20; i++) {
      insert(orm, i % 10 == 0 ? "a" : "b", i);
    }
    Supplier<FindQuery<Document>> query = () -> orm.query("items").where(gt("n", 14))
        .orderBy(Sort.asc("_creationTime"));
    PaginationResult<Document> page = query.get()
        .paginate(PaginationOptions.first(5).maximumRowsRead(8));
    assertThat(page.page()).isEmpty();
    assertThat(page.pageStatus()).isEqualTo(PageStatus.SPLIT_REQUIRED);
    assertThat(page.splitCursor()).isNotNull();
    assertThat(page.isDone()).isFalse();
    PaginationResult<Document> rest = query.get()
        .paginate(PaginationOptions.first(5).after(page.continueCursor()).maximumRowsRead(40));
    assertThat(rest.page()).extracting(d -> d.getJava("n")).containsExactly(15L, 16L, 17L, 18L, 19L);
    PaginationResult<Document> recommended = query.get()
        .paginate(PaginationOptions.first(5).maximumRowsRead(20));
    assertThat(recommended.pageStatus()).isEqualTo(PageStatus.SPLIT_RECOMMENDED);
    assertThat(recommended.page()).hasSize(5);
  }

  @DatabaseTest
  void springDataWindowsAndSlicesWalkTheSameCursors(TestDatabase db) {
    ConvexOrm orm = orm(db);
    for (int i = 0; i < 7; i++) {
      insert(orm, "a", i);
    }
    List<Object> walked = new ArrayList<>();
    ScrollPosition position = ScrollPosition.keyset();
    Window<Document> window;
    do {
      window = orm.query("items").where(eq("status", "a")).orderBy(Sort.asc("_creationTime"))
          .scroll(position, 3);
      window.forEach(d -> walked.add(d.getJava("n")));
      if (!window.isEmpty()) {
        position = window.positionAt(window.size() - 1);
      }
    } while (window.hasNext());
    assertThat(walked).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(orm.query("items").where(eq("status", "a"))
        .paginate(PaginationOptions.first(10)).toSlice().hasNext()).isFalse();
    assertThatThrownBy(() -> orm.query("items").scroll(ScrollPosition.offset(), 3))
        .hasMessageContaining("Only keyset scrolling");
  }
}
