package dev.betterconvex.orm.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

class QueryStreamTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> {
        t.field("name", FieldType.string()).notNull();
        t.field("team", FieldType.string()).notNull();
        t.index("by_team", "team");
      })
      .table("posts", t -> {
        t.field("author", FieldType.id("users")).notNull();
        t.field("n", FieldType.int64()).notNull();
        t.index("by_author", "author");
      })
      .build();

  record Fixture(ConvexOrm orm, List<String> users) {
  }

  static Fixture fixture(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    List<String> users = new ArrayList<>();
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 6; i++) {
        String id = tx.insert("users", Map.of("name", "u" + i, "team", i % 2 == 0 ? "red"
            : i == 5 ? "green" : "blue"));
        users.add(id);
        for (int p = 0; p < i; p++) {
          tx.insert("posts", Map.of("author", id, "n", (long) (i * 10 + p)));
        }
      }
      return null;
    });
    return new Fixture(orm, users);
  }

  private static List<Object> names(List<Document> docs) {
    return docs.stream().map(d -> d.getJava("name")).toList();
  }

  @DatabaseTest
  void indexStreamsMergeByTheKeyAfterTheirEqualities(TestDatabase db) {
    ConvexOrm orm = fixture(db).orm();
    QueryStream<Document> red = orm.stream("users", "by_team", r -> r.eq("team", "red"), Order.ASC);
    QueryStream<Document> blue = orm.stream("users", "by_team", r -> r.eq("team", "blue"),
        Order.ASC);
    assertThat(names(red.collect())).containsExactly("u0", "u2", "u4");
    assertThat(names(QueryStream.merge(red, blue).collect()))
        .containsExactly("u0", "u1", "u2", "u3", "u4");
    assertThat(names(QueryStream.merge(
        orm.stream("users", "by_team", r -> r.eq("team", "red"), Order.DESC),
        orm.stream("users", "by_team", r -> r.eq("team", "blue"), Order.DESC)).take(3)))
        .containsExactly("u4", "u3", "u2");
    assertThatThrownBy(() -> QueryStream.merge(red,
        orm.stream("users", "by_team", r -> r.eq("team", "blue"), Order.DESC)))
        .hasMessageContaining("one order");
  }

  @DatabaseTest
  void filterMapAndPaginateAdvancePastDroppedRows(TestDatabase db) {
    ConvexOrm orm = fixture(db).orm();
    Supplier<QueryStream<Object>> stream = () -> orm
        .stream("posts", "by_creation_time", r -> r, Order.ASC)
        .filter(d -> ((Long) d.getJava("n")) % 3 == 0)
        .map(d -> d.getJava("n"));
    List<Object> all = stream.get().collect();
    assertThat(all).containsExactly(21L, 30L, 42L, 51L, 54L);
    List<Object> walked = new ArrayList<>();
    String cursor = null;
    PaginationResult<Object> page;
    int pages = 0;
    do {
      page = stream.get().paginate(PaginationOptions.first(1).after(cursor)
          .maximumRowsRead(4));
      walked.addAll(page.page());
      cursor = page.continueCursor();
      pages++;
    } while (!page.isDone());
    assertThat(walked).containsExactlyElementsOf(all);
    assertThat(pages).isGreaterThan(4);
  }

  @DatabaseTest
  void flatMapJoinsInnerStreamsAndResumesInsideThem(TestDatabase db) {
    Fixture fixture = fixture(db);
    ConvexOrm orm = fixture.orm();
    Supplier<QueryStream<Object>> postsByTeam = () -> orm
        .stream("users", "by_team", r -> r.eq("team", "red"), Order.ASC)
        .flatMap(user -> orm.stream("posts", "by_author", r -> r.eq("author", user.id()),
            Order.ASC))
        .map(post -> post.getJava("n"));
    List<Object> all = postsByTeam.get().collect();
    assertThat(all).containsExactly(20L, 21L, 40L, 41L, 42L, 43L);
    List<Object> walked = new ArrayList<>();
    String cursor = null;
    PaginationResult<Object> page;
    do {
      page = postsByTeam.get().paginate(PaginationOptions.first(4).after(cursor));
      walked.addAll(page.page());
      cursor = page.continueCursor();
      if (walked.size() == 4) {
        // A new post of the second red user lands after the cursor and is read next.
        orm.engine().mutation(tx -> tx.insert("posts",
            Map.of("author", fixture.users().get(4), "n", 44L)));
      }
    } while (!page.isDone());
    assertThat(walked).containsExactly(20L, 21L, 40L, 41L, 42L, 43L, 44L);
  }

  @DatabaseTest
  void distinctIsALooseIndexScan(TestDatabase db) {
    ConvexOrm orm = fixture(db).orm();
    QueryStream.IndexStream teams = orm.stream("users", "by_team", r -> r, Order.ASC).distinct(1);
    long before = orm.engine().statistics().documentsRead();
    assertThat(teams.collect()).extracting(d -> d.getJava("team"))
        .containsExactly("blue", "green", "red");
    assertThat(orm.engine().statistics().documentsRead() - before).isEqualTo(3);
    assertThat(orm.stream("users", "by_team", r -> r, Order.DESC).distinct(1).collect())
        .extracting(d -> d.getJava("name")).containsExactly("u4", "u5", "u3");
    PaginationResult<Document> first = teams.paginate(PaginationOptions.first(2));
    PaginationResult<Document> second = teams.paginate(
        PaginationOptions.first(2).after(first.continueCursor()));
    assertThat(first.page()).extracting(d -> d.getJava("team")).containsExactly("blue", "green");
    assertThat(second.page()).extracting(d -> d.getJava("team")).containsExactly("red");
    assertThatThrownBy(() -> orm.stream("users", "by_team", r -> r.eq("team", "red"), Order.ASC)
        .paginate(PaginationOptions.first(2).after(first.continueCursor())))
        .isInstanceOf(InvalidCursorException.class);
  }
}
