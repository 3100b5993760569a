package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * An {@code in} reads one index range per value, whatever the number of values up to the
 * ceiling, never the whole table: counted in documents read by the engine's statistics. Without
 * {@code orderBy} the probes come in the index's order (as one Convex {@code withIndex} read of
 * the union would); with one, they are merged by it; pages resume exactly in both.
 */
class IndexUnionTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("users", t -> {
        t.field("status", FieldType.string()).notNull();
        t.field("n", FieldType.int64()).notNull();
        t.index("by_status", "status");
        t.many("tasks", "tasks");
      })
      .table("tasks", t -> {
        t.field("userId", FieldType.id("users")).notNull().references("users");
        t.field("status", FieldType.string()).notNull();
        t.index("by_user", "userId");
      })
      .build();

  /** Rows whose status is one of the values: two for each of the first ten. */
  private static final int MATCHING = 20;

  private static ConvexOrm seeded(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 120; i++) {
        tx.insert("users", Map.of("status", "other", "n", (long) (100 + i)));
      }
      for (int i = 0; i < MATCHING; i++) {
        tx.insert("users", Map.of("status", "v" + (i % 10), "n", (long) i));
      }
      return null;
    });
    return orm;
  }

  private static List<Object> values(int count) {
    List<Object> values = new ArrayList<>();
    IntStream.range(0, count).forEach(i -> values.add("v" + i));
    return values;
  }

  private static long read(ConvexOrm orm, Runnable action) {
    long before = orm.engine().statistics().documentsRead();
    action.run();
    return orm.engine().statistics().documentsRead() - before;
  }

  private static List<Object> ns(List<Document> docs) {
    return docs.stream().map(d -> d.getJava("n")).toList();
  }

  @DatabaseTest
  void sixtyFiveAndThreeHundredValuesReadOnlyTheirIndexRanges(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    List<Document> all = orm.query("users").allowFullScan().findMany();
    Comparator<Document> newestFirst = Comparator.comparingDouble(Document::creationTime)
        .reversed();
    Comparator<Document> byStatusDesc = Comparator.<Document, String>comparing(
        d -> (String) d.getJava("status")).reversed().thenComparing(newestFirst);
    for (int count : new int[] {65, 300}) {
      List<Object> values = values(count);
      List<Document> matching = all.stream()
          .filter(d -> values.contains(d.getJava("status"))).toList();
      assertThat(matching).hasSize(MATCHING);
      for (boolean ordered : new boolean[] {false, true}) {
        String context = count + " values, " + (ordered ? "orderBy _creationTime" : "index order");
        Supplier<FindQuery<Document>> query = () -> {
          FindQuery<Document> q = orm.query("users").where(in("status", values));
          return ordered ? q.orderBy(Sort.desc("_creationTime")) : q;
        };
        List<Object> expected = ns(matching.stream()
            .sorted(ordered ? newestFirst : byStatusDesc).toList());
        QueryPlan plan = query.get().explain();
        assertThat(plan.index()).as(context).isEqualTo("by_status");
        assertThat(plan.probes()).as(context).hasSize(count);
        assertThat(plan.fullScan()).as(context).isFalse();

        List<Document> rows = new ArrayList<>();
        assertThat(read(orm, () -> rows.addAll(query.get().limit(100).findMany())))
            .as(context + ": findMany reads exactly the matching rows").isEqualTo(MATCHING);
        assertThat(ns(rows)).as(context).containsExactlyElementsOf(expected);

        rows.clear();
        long limited = read(orm, () -> rows.addAll(query.get().limit(5).findMany()));
        assertThat(ns(rows)).as(context).containsExactlyElementsOf(expected.subList(0, 5));
        // In index order, probes are read one after another (at most one probe's rows past the
        // limit); merged by an order, every probe with rows is read once more than it gives.
        assertThat(limited).as(context + ": findMany with a limit").isLessThanOrEqualTo(
            ordered ? 5 + 10 : 5 + 2);

        long[] counted = new long[1];
        assertThat(read(orm, () -> counted[0] = query.get().count()))
            .as(context + ": count reads exactly the matching rows").isEqualTo(MATCHING);
        assertThat(counted[0]).isEqualTo(MATCHING);

        List<Object> walked = new ArrayList<>();
        String cursor = null;
        boolean done = false;
        int pages = 0;
        while (!done) {
          String after = cursor;
          List<PaginationResult<Document>> page = new ArrayList<>();
          long pageRead = read(orm, () -> page.add(query.get()
              .paginate(PaginationOptions.first(3).after(after))));
          assertThat(pageRead).as(context + ": page " + pages).isLessThanOrEqualTo(
              ordered ? 3 + 10 : 3 + 2);
          walked.addAll(ns(page.get(0).page()));
          cursor = page.get(0).continueCursor();
          done = page.get(0).isDone();
          if (pages == 0) {
            assertThat(done).as(context + ": a first page, not to the end").isFalse();
          }
          pages++;
        }
        assertThat(walked).as(context + ": pages resume exactly")
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @DatabaseTest
  void withoutOrderByAMultiProbeReadComesInTheIndexOrder(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 120; i++) {
        String status = i == 0 || i == 119 ? "active" : i == 1 || i == 118 ? "pending"
            : "archived";
        tx.insert("users", Map.of("status", status, "n", (long) i));
      }
      return null;
    });
    Supplier<FindQuery<Document>> query = () -> orm.query("users")
        .where(in("status", "active", "pending"));
    assertThat(ns(query.get().limit(10).findMany())).containsExactly(118L, 1L, 119L, 0L);
    PaginationResult<Document> first = query.get().paginate(PaginationOptions.first(2));
    assertThat(ns(first.page())).containsExactly(118L, 1L);
    PaginationResult<Document> second = query.get()
        .paginate(PaginationOptions.first(2).after(first.continueCursor()));
    assertThat(ns(second.page())).containsExactly(119L, 0L);
    PaginationResult<Document> third = query.get()
        .paginate(PaginationOptions.first(2).after(second.continueCursor()));
    assertThat(third.page()).isEmpty();
    assertThat(third.isDone()).isTrue();

    Supplier<FindQuery<Document>> ordered = () -> query.get().orderBy(Sort.desc("_creationTime"));
    assertThat(ns(ordered.get().limit(10).findMany())).containsExactly(119L, 118L, 1L, 0L);
    PaginationResult<Document> page = ordered.get().paginate(PaginationOptions.first(2));
    assertThat(ns(page.page())).containsExactly(119L, 118L);
    assertThat(ns(ordered.get().paginate(PaginationOptions.first(2).after(page.continueCursor()))
        .page())).containsExactly(1L, 0L);
    assertThat(ns(query.get().orderBy(Sort.asc("_creationTime")).limit(10).findMany()))
        .containsExactly(0L, 1L, 118L, 119L);
  }

  @DatabaseTest
  void valuesPastTheCeilingAreRefusedBeforeReading(TestDatabase db) {
    ConvexOrm orm = seeded(db);
    List<Object> values = values(Planner.MAX_PROBES + 1);
    Supplier<FindQuery<Document>> query = () -> orm.query("users").where(in("status", values));
    String message = "field \"status\" of table \"users\" has 1025 values";
    long read = read(orm, () -> {
      assertThatThrownBy(() -> query.get().limit(10).findMany())
          .isInstanceOf(UnboundedQueryException.class).hasMessageContaining(message)
          .hasMessageContaining("ceiling of 1024");
      assertThatThrownBy(() -> query.get().allowFullScan().count())
          .isInstanceOf(UnboundedQueryException.class).hasMessageContaining(message);
      assertThatThrownBy(() -> query.get().paginate(PaginationOptions.first(5)))
          .isInstanceOf(UnboundedQueryException.class).hasMessageContaining(message);
      assertThatThrownBy(() -> query.get().explain())
          .isInstanceOf(UnboundedQueryException.class).hasMessageContaining(message);
    });
    assertThat(read).isZero();
    dev.betterconvex.orm.mutation.ConvexMutations mutations =
        new dev.betterconvex.orm.mutation.ConvexMutations(orm);
    assertThatThrownBy(() -> mutations.delete("users").where(in("status", values)).execute())
        .as("a delete selects its rows through the same planner")
        .isInstanceOf(UnboundedQueryException.class).hasMessageContaining(message);
    assertThat(orm.query("users").allowFullScan().count()).isEqualTo(120 + MATCHING);
    assertThatThrownBy(() -> query.get().where(in("n", 1L, 2L)).allowFullScan().findMany())
        .as("the same values beside a filter no index serves: still refused, even allowFullScan")
        .isInstanceOf(UnboundedQueryException.class).hasMessageContaining(message);
  }

  @DatabaseTest
  void aRelationWhereWithThreeHundredValuesReadsOnlyTheParentsRows(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    List<String> parents = new ArrayList<>();
    orm.engine().mutation(tx -> {
      for (int u = 0; u < 4; u++) {
        String user = tx.insert("users", Map.of("status", u < 3 ? "chosen" : "other",
            "n", (long) u));
        if (u < 3) {
          parents.add(user);
        }
        for (int t = 0; t < (u < 3 ? 3 : 120); t++) {
          tx.insert("tasks", Map.of("userId", user, "status", "v" + t));
        }
      }
      return null;
    });
    List<Object> values = values(300);
    List<Row> rows = new ArrayList<>();
    long read = read(orm, () -> rows.addAll(orm.query("users").rows()
        .where(Filters.eq("status", "chosen"))
        .with("tasks", t -> t.where(in("status", values.subList(1, 300))).limit(10))
        .limit(10).findMany()));
    assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.many("tasks")).hasSize(2));
    assertThat(read).as("three parents and their nine tasks").isEqualTo(3 + 9);
  }
}
