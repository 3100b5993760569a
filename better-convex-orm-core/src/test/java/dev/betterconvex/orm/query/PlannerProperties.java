package dev.betterconvex.orm.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.SchemaBuilder;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random schemas (compound indexes of 1 to 4 fields), random documents (missing fields, nulls,
 * mixed Int64 and Float64) and random filter trees, on every database: (a) every range the
 * planner emits passes the legality check {@code withIndex} uses, (b) the results equal a
 * brute-force filter and sort of all rows, and (c) without {@code orderBy} they come in the
 * chosen index's order, descending.
 */
class PlannerProperties {

  private static final List<String> FIELDS = List.of("f0", "f1", "f2", "f3");

  record Query(Filter where, Optional<Sort> orderBy, Optional<Integer> limit) {
  }

  record Scenario(List<List<String>> indexes, List<Map<String, Optional<ConvexValue>>> docs,
      List<Query> queries) {
  }

  @Property(tries = 25)
  void plansAreLegalAndResultsEqualABruteForceFilter(@ForAll("scenarios") Scenario scenario) {
    SchemaBuilder builder = Schema.builder();
    builder.table("things", t -> {
      for (String f : FIELDS) {
        t.field(f, FieldType.any());
      }
      for (int i = 0; i < scenario.indexes().size(); i++) {
        t.index("idx" + i, scenario.indexes().get(i).toArray(String[]::new));
      }
    });
    Schema schema = builder.build();
    for (TestDatabase.Kind kind : TestDatabases.selectedKinds()) {
      TestDatabase db = TestDatabases.create(kind);
      try {
        check(schema, scenario, db);
      }
      finally {
        TestDatabases.drop(db);
      }
    }
  }

  private static void check(Schema schema, Scenario scenario, TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema).build();
    engine.mutation(tx -> {
      for (Map<String, Optional<ConvexValue>> doc : scenario.docs()) {
        Map<String, Object> fields = new HashMap<>();
        doc.forEach((k, v) -> v.ifPresent(value -> fields.put(k, value)));
        tx.insert("things", fields);
      }
      return null;
    });
    List<Document> all = engine.query(tx -> tx.query("things").collect());
    ConvexOrm orm = new ConvexOrm(engine);
    for (Query q : scenario.queries()) {
      FindQuery<Document> base = orm.query("things").where(q.where()).allowFullScan();
      FindQuery<Document> ordered = q.orderBy().map(base::orderBy).orElse(base);
      FindQuery<Document> query = q.limit().map(ordered::limit).orElse(ordered);
      QueryPlan plan = query.explain();
      for (QueryPlan.Probe probe : plan.probes()) {
        IndexRange again = IndexRange.compile(probe.range().table(), probe.range().index(),
            probe.range().expressions());
        assertThat(again.startKey()).isEqualTo(probe.range().startKey());
        assertThat(again.endKey()).isEqualTo(probe.range().endKey());
      }
      List<Document> actual = query.findMany();
      List<Document> expected = all.stream().filter(q.where()::matches).toList();
      String context = db.kind().displayName() + " " + q + "\n" + plan;
      if (q.limit().isEmpty()) {
        assertThat(ids(actual)).as(context).containsExactlyInAnyOrderElementsOf(ids(expected));
      }
      else {
        assertThat(actual).as(context).hasSize(Math.min(q.limit().get(), expected.size()));
        assertThat(ids(expected)).as(context).containsAll(ids(actual));
      }
      if (q.orderBy().isEmpty()) {
        // No orderBy: the index order, descending, as one withIndex read of the union gives.
        List<String> keyFields = schema.requireTable("things").index(plan.index()).orElseThrow()
            .keyFields();
        Comparator<Document> byKey = (a, b) -> {
          for (String f : keyFields) {
            int c = dev.betterconvex.orm.value.ValueOrder.compare(a.get(f), b.get(f));
            if (c != 0) {
              return c;
            }
          }
          return 0;
        };
        List<String> inIndexOrder = ids(expected.stream().sorted(byKey.reversed()).toList());
        assertThat(ids(actual)).as(context + " in index order")
            .containsExactlyElementsOf(inIndexOrder.subList(0, actual.size()));
        List<String> walked = new ArrayList<>();
        String cursor = null;
        boolean done = false;
        while (!done) {
          PaginationResult<Document> page = orm.query("things").where(q.where())
              .paginate(PaginationOptions.first(3).after(cursor));
          walked.addAll(ids(page.page()));
          cursor = page.continueCursor();
          done = page.isDone();
        }
        assertThat(walked).as(context + " paginated in index order")
            .containsExactlyElementsOf(inIndexOrder);
      }
      q.orderBy().ifPresent(sort -> {
        Comparator<Document> order = (a, b) -> dev.betterconvex.orm.value.ValueOrder.compare(
            a.get(sort.field()), b.get(sort.field()));
        Comparator<Document> directed = sort.descending() ? order.reversed() : order;
        assertThat(actual).as(context).isSortedAccordingTo(directed);
        if (!actual.isEmpty()) {
          // top-k: nothing left out sorts strictly before the last row returned
          Document last = actual.get(actual.size() - 1);
          Set<String> returned = new HashSet<>(ids(actual));
          for (Document d : expected) {
            if (!returned.contains(d.id())) {
              assertThat(directed.compare(d, last)).as(context + " left out " + d).isGreaterThanOrEqualTo(0);
            }
          }
        }
      });
    }
  }

  private static List<String> ids(List<Document> docs) {
    return docs.stream().map(Document::id).toList();
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<String>> index = Arbitraries.of(FIELDS).list().uniqueElements()
        .ofMinSize(1).ofMaxSize(4);
    Arbitrary<List<List<String>>> indexes = index.list().ofMinSize(1).ofMaxSize(3)
        .map(list -> new ArrayList<>(new java.util.LinkedHashSet<>(list)));
    Arbitrary<Map<String, Optional<ConvexValue>>> doc = Combinators.combine(
        maybeValue(), maybeValue(), maybeValue(), maybeValue()).as((a, b, c, d) -> {
          Map<String, Optional<ConvexValue>> m = new HashMap<>();
          m.put("f0", a);
          m.put("f1", b);
          m.put("f2", c);
          m.put("f3", d);
          return m;
        });
    Arbitrary<Query> query = Combinators.combine(filter(3), sort().optional(0.6),
        Arbitraries.integers().between(1, 8).optional(0.4)).as(Query::new);
    return Combinators.combine(indexes, doc.list().ofMinSize(5).ofMaxSize(40),
        query.list().ofMinSize(4).ofMaxSize(8)).as(Scenario::new);
  }

  private static Arbitrary<ConvexValue> value() {
    return Arbitraries.of(ConvexNull.INSTANCE, new ConvexInt64(0), new ConvexInt64(1),
        new ConvexInt64(2), new ConvexInt64(-7), new ConvexFloat64(1.0), new ConvexFloat64(-0.0),
        new ConvexFloat64(0.0), new ConvexFloat64(Double.NaN), new ConvexFloat64(2.5),
        new ConvexString(""), new ConvexString("a"), new ConvexString("ab"),
        new ConvexString("b"), new ConvexString("\uD83D\uDE00"), ConvexBoolean.TRUE,
        ConvexBoolean.FALSE);
  }

  private static Arbitrary<Optional<ConvexValue>> maybeValue() {
    return value().optional(0.75);
  }

  private static Arbitrary<String> field() {
    return Arbitraries.of(FIELDS);
  }

  private static Arbitrary<Sort> sort() {
    return Combinators.combine(Arbitraries.of("f0", "f1", "f2", "f3", "_creationTime"),
        Arbitraries.of(true, false)).as(Sort::new);
  }

  private static Arbitrary<Filter> filter(int depth) {
    Arbitrary<Filter> leaf = Arbitraries.oneOf(
        Combinators.combine(field(), Arbitraries.of(Filter.Op.values()), value())
            .as(Filter.Compare::new),
        Combinators.combine(field(), value(), value(), Arbitraries.of(true, false))
            .as(Filter.Between::new),
        Combinators.combine(field(), value().list().ofMaxSize(4)).as((f, vs) ->
            (Filter) new Filter.In(f, vs, false)),
        Combinators.combine(field(), value().list().ofMinSize(1).ofMaxSize(4)).as((f, vs) ->
            (Filter) new Filter.In(f, vs, true)),
        Combinators.combine(field(), Arbitraries.of(true, false)).as(Filter.IsNull::new),
        Combinators.combine(field(), Arbitraries.of(true, false)).as(Filter.Missing::new),
        Combinators.combine(field(), Arbitraries.of("", "a", "b", "\uD83D")).as((f, p) ->
            (Filter) new Filter.Text(f, Filter.TextMatch.STARTS_WITH, p.equals("\uD83D")
                ? "\uD83D\uDE00" : p, false)),
        Combinators.combine(field(), Arbitraries.of("a%", "%b", "_", "A%")).as((f, p) ->
            (Filter) new Filter.Text(f, Filter.TextMatch.ILIKE, p, false)));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Filter> inner = Arbitraries.lazy(() -> filter(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(3, inner.list().ofMinSize(1).ofMaxSize(3).map(l -> (Filter) new Filter.And(l))),
        Tuple.of(2, inner.list().ofMinSize(1).ofMaxSize(3).map(l -> (Filter) new Filter.Or(l))),
        Tuple.of(1, inner.map(f -> (Filter) new Filter.Not(f))));
  }
}
