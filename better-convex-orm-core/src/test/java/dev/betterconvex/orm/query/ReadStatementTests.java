package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.schema.FieldType.float64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statements of the short reads: a read by id is one statement, an {@code in} on an indexed
 * field ordered by the next one reads the first batches of all its ranges in one statement (and
 * goes on per range only past a full batch), and queries of one shape planned from the plan
 * cache return the rows of their own values. Each result is checked against a walk of the table.
 */
class ReadStatementTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("posts", t -> {
        t.field("type", string()).notNull();
        t.field("author", string()).notNull();
        t.field("n", float64()).notNull();
        t.index("by_type", "type");
        t.index("by_author", "author");
      })
      .build();

  private static final List<String> TYPES = List.of("text", "poll", "event", "link");

  private StatementCounter counter;
  private ConvexOrm orm;
  private List<Document> all;

  /** Posts of four types in turn, then {@code pollsLast} polls, the newest. */
  private void start(TestDatabase db, int pollsLast) {
    counter = new StatementCounter(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
    engine.mutation(tx -> {
      for (int i = 0; i < 200 + pollsLast; i++) {
        String type = i < 200 ? TYPES.get(i % 4) : "poll";
        tx.insert("posts", Map.of("type", type, "author", "a" + i % 7, "n", (double) i));
      }
      return null;
    });
    all = orm.query("posts").limit(1_000).findMany();
  }

  private List<String> newest(Set<String> types, int count) {
    return all.stream().filter(d -> types.contains((String) d.getJava("type")))
        .sorted(Comparator.comparingDouble(Document::creationTime).reversed())
        .limit(count).map(Document::id).toList();
  }

  private static List<String> ids(List<Document> docs) {
    return docs.stream().map(Document::id).toList();
  }

  @DatabaseTest
  void twoValuesOfAnIndexedFieldNewestTwentyAreOneStatement(TestDatabase db) {
    start(db, 0);
    counter.reset();
    List<Document> rows = orm.query("posts").where(in("type", "poll", "event"))
        .orderBy(Sort.desc("_creationTime")).limit(20).findMany();
    assertThat(counter.statements()).as("statements of findMany").isEqualTo(1);
    assertThat(ids(rows)).containsExactlyElementsOf(newest(Set.of("poll", "event"), 20));

    counter.reset();
    PaginationResult<Document> page = orm.query("posts").where(in("type", "poll", "event"))
        .orderBy(Sort.desc("_creationTime")).paginate(PaginationOptions.first(20));
    assertThat(counter.statements()).as("statements of the first page").isEqualTo(1);
    assertThat(ids(page.page())).containsExactlyElementsOf(newest(Set.of("poll", "event"), 20));

    PaginationResult<Document> next = orm.query("posts").where(in("type", "poll", "event"))
        .orderBy(Sort.desc("_creationTime"))
        .paginate(PaginationOptions.first(20).after(page.continueCursor()));
    assertThat(ids(next.page()))
        .containsExactlyElementsOf(newest(Set.of("poll", "event"), 40).subList(20, 40));
  }

  @DatabaseTest
  void aRangeThatSuppliesMoreThanItsFirstBatchIsReadOnAfterIt(TestDatabase db) {
    // the 30 newest posts are polls: the poll range supplies every row, past any even share
    start(db, 30);
    for (int limit : List.of(5, 20, 45)) {
      List<Document> rows = orm.query("posts").where(in("type", "poll", "event"))
          .orderBy(Sort.desc("_creationTime")).limit(limit).findMany();
      assertThat(ids(rows)).as("limit " + limit)
          .containsExactlyElementsOf(newest(Set.of("poll", "event"), limit));
    }
    List<Document> oldest = orm.query("posts").where(in("type", "text", "poll", "link"))
        .orderBy(Sort.asc("_creationTime")).limit(60).findMany();
    List<String> expected = new ArrayList<>(newest(Set.of("text", "poll", "link"), 1_000));
    java.util.Collections.reverse(expected);
    assertThat(ids(oldest)).containsExactlyElementsOf(expected.subList(0, 60));
  }

  @DatabaseTest
  void aReadByIdIsOneStatement(TestDatabase db) {
    start(db, 0);
    Document post = all.get(17);
    counter.reset();
    Optional<Document> found = orm.query("posts").where(eq("_id", post.id())).findUnique();
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(found).contains(post);
    // the rest of the filter still applies to the document read
    assertThat(orm.query("posts").where(eq("_id", post.id()))
        .where(eq("type", "no such type")).findFirst()).isEmpty();
    assertThat(orm.query("posts").where(eq("_id", post.id())).offset(1).findFirst()).isEmpty();
    String deleted = all.get(3).id();
    orm.engine().mutation(tx -> {
      tx.delete(deleted);
      return null;
    });
    assertThat(orm.query("posts").where(eq("_id", deleted)).findUnique()).isEmpty();
  }

  @DatabaseTest
  void whatTheRangesPinIsNotCheckedAgainButTheRestOfTheFilterIs(TestDatabase db) {
    start(db, 0);
    // eq on the range's field: nothing left to check, so the offset is skipped in SQL
    List<String> walk = all.stream().filter(d -> "a3".equals(d.getJava("author")))
        .sorted(Comparator.comparingDouble(Document::creationTime).reversed())
        .map(Document::id).toList();
    counter.reset();
    List<Document> page = orm.query("posts").where(eq("author", "a3"))
        .orderBy(Sort.desc("_creationTime")).offset(10).limit(5).findMany();
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(ids(page)).containsExactlyElementsOf(walk.subList(10, 15));
    assertThat(orm.query("posts").where(eq("author", "a3")).explain().postFilter())
        .hasToString("eq(author, \"a3\")");

    // the in is not what by_author pins: it is still checked on every row
    List<Document> rows = orm.query("posts").where(in("type", "poll", "event"))
        .where(eq("author", "a1")).orderBy(Sort.desc("_creationTime")).limit(10).findMany();
    assertThat(ids(rows)).containsExactlyElementsOf(all.stream()
        .filter(d -> "a1".equals(d.getJava("author"))
            && Set.of("poll", "event").contains((String) d.getJava("type")))
        .sorted(Comparator.comparingDouble(Document::creationTime).reversed())
        .limit(10).map(Document::id).toList());
    assertThat(orm.query("posts").where(in("type", "poll", "event")).where(eq("author", "a1"))
        .where(eq("n", 999.0)).limit(10).findMany()).isEmpty();
    assertThat(orm.query("posts").where(in("type", "poll", "event")).where(eq("author", "a1"))
        .count()).isEqualTo(all.stream().filter(d -> "a1".equals(d.getJava("author"))
            && Set.of("poll", "event").contains((String) d.getJava("type"))).count());
  }

  @DatabaseTest
  void queriesOfOneShapeReadTheRowsOfTheirOwnValues(TestDatabase db) {
    start(db, 0);
    for (int author = 0; author < 7; author++) {
      String name = "a" + author;
      List<Document> rows = orm.query("posts").where(eq("author", name))
          .orderBy(Sort.desc("_creationTime")).limit(10).findMany();
      List<String> expected = all.stream().filter(d -> name.equals(d.getJava("author")))
          .sorted(Comparator.comparingDouble(Document::creationTime).reversed())
          .limit(10).map(Document::id).toList();
      assertThat(ids(rows)).as(name).containsExactlyElementsOf(expected);
      assertThat(orm.query("posts").where(eq("author", name)).orderBy(Sort.desc("_creationTime"))
          .limit(10).explain().probes().get(0).range())
          .hasToString("by_author author == \"" + name + "\"");
    }
  }
}
