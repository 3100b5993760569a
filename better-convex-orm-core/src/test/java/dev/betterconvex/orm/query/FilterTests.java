package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.arrayContains;
import static dev.betterconvex.orm.filter.Filters.between;
import static dev.betterconvex.orm.filter.Filters.contains;
import static dev.betterconvex.orm.filter.Filters.endsWith;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.ilike;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.isMissing;
import static dev.betterconvex.orm.filter.Filters.isNotNull;
import static dev.betterconvex.orm.filter.Filters.isNull;
import static dev.betterconvex.orm.filter.Filters.isPresent;
import static dev.betterconvex.orm.filter.Filters.like;
import static dev.betterconvex.orm.filter.Filters.lt;
import static dev.betterconvex.orm.filter.Filters.ne;
import static dev.betterconvex.orm.filter.Filters.not;
import static dev.betterconvex.orm.filter.Filters.notBetween;
import static dev.betterconvex.orm.filter.Filters.notIlike;
import static dev.betterconvex.orm.filter.Filters.notIn;
import static dev.betterconvex.orm.filter.Filters.notLike;
import static dev.betterconvex.orm.filter.Filters.or;
import static dev.betterconvex.orm.filter.Filters.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The meaning of every operator, checked through the ORM on both databases. */
class FilterTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("rows", t -> {
        t.field("name", FieldType.string());
        t.field("v", FieldType.any());
        t.field("tags", FieldType.arrayOf(FieldType.string()));
        t.field("label", FieldType.string());
        t.index("by_v", "v");
        t.index("by_name", "name");
      })
      .build();

  private static ConvexOrm orm(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    engine.mutation(tx -> {
      insert(tx, "missing", null, false);
      insert(tx, "null", null, true);
      insert(tx, "int1", 1L, false);
      insert(tx, "int2", 2L, false);
      insert(tx, "float1", 1.0, false);
      insert(tx, "text", "Hello_World%", false);
      insert(tx, "bool", true, false);
      return null;
    });
    return new ConvexOrm(engine);
  }

  private static void insert(dev.betterconvex.orm.store.DatabaseWriter tx, String name,
      Object v, boolean explicitNull) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name", name);
    if (v != null || explicitNull) {
      fields.put("v", v);
    }
    fields.put("tags", name.startsWith("int") ? List.of("num", "int") : List.of("other"));
    fields.put("label", name.toUpperCase(java.util.Locale.ROOT));
    tx.insert("rows", fields);
  }

  private static List<Object> names(ConvexOrm orm, Filter filter) {
    return orm.query("rows").where(filter).orderBy(Sort.asc("_creationTime")).allowFullScan()
        .findMany().stream().map(d -> d.getJava("name")).toList();
  }

  @DatabaseTest
  void comparisonsFollowTheConvexOrder(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThat(names(orm, eq("v", 1L))).containsExactly("int1");
    assertThat(names(orm, eq("v", 1.0))).containsExactly("float1");
    assertThat(names(orm, eq("v", null))).containsExactly("null");
    assertThat(names(orm, ne("v", 1L)))
        .containsExactly("missing", "null", "int2", "float1", "text", "bool");
    assertThat(names(orm, lt("v", 2L))).containsExactly("missing", "null", "int1");
    assertThat(names(orm, gt("v", 2L))).containsExactly("float1", "text", "bool");
    assertThat(names(orm, between("v", 1L, 1.0))).containsExactly("int1", "int2", "float1");
    assertThat(names(orm, notBetween("v", 1L, 1.0)))
        .containsExactly("missing", "null", "text", "bool");
  }

  @DatabaseTest
  void setsAndNulls(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThat(names(orm, in("v", 2L, true))).containsExactly("int2", "bool");
    assertThat(names(orm, in("v", List.of()))).isEmpty();
    assertThat(names(orm, notIn("v", 2L, true)))
        .containsExactly("missing", "null", "int1", "float1", "text");
    assertThatThrownBy(() -> notIn("v", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notIn(\"v\", [])");
    assertThat(names(orm, isNull("v"))).containsExactly("missing", "null");
    assertThat(names(orm, isNotNull("v")))
        .containsExactly("int1", "int2", "float1", "text", "bool");
  }

  @DatabaseTest
  void aMissingFieldIsDistinctFromNullAndServedByAnIndexLikeEq(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThat(names(orm, isMissing("v"))).containsExactly("missing");
    assertThat(names(orm, isPresent("v")))
        .containsExactly("null", "int1", "int2", "float1", "text", "bool");
    assertThat(names(orm, not(isMissing("v")))).isEqualTo(names(orm, isPresent("v")));
    assertThat(names(orm, and(isNull("v"), isPresent("v")))).containsExactly("null");
    assertThat(names(orm, or(isMissing("v"), eq("v", 2L)))).containsExactly("missing", "int2");
    assertThat(names(orm, isMissing("v.x"))).hasSize(7);

    QueryPlan plan = orm.query("rows").where(isMissing("v")).limit(10).explain();
    assertThat(plan.index()).isEqualTo("by_v");
    assertThat(plan.probes()).extracting(Object::toString).containsExactly("by_v v == undefined");
    assertThat(orm.query("rows").where(isPresent("v")).limit(10).explain().probes())
        .extracting(Object::toString).containsExactly("by_v v >= null");
    long before = orm.engine().statistics().documentsRead();
    assertThat(orm.query("rows").where(isMissing("v")).count()).isEqualTo(1);
    assertThat(orm.engine().statistics().documentsRead() - before)
        .as("only the missing row is read").isEqualTo(1);
    PaginationResult<Document> page = orm.query("rows").where(isPresent("v"))
        .paginate(PaginationOptions.first(4));
    PaginationResult<Document> rest = orm.query("rows").where(isPresent("v"))
        .paginate(PaginationOptions.first(4).after(page.continueCursor()));
    assertThat(page.page().size() + rest.page().size()).isEqualTo(6);
    assertThat(rest.isDone()).isTrue();
    assertThat(isMissing("v")).hasToString("isMissing(v)");
    assertThat(isPresent("v")).hasToString("isPresent(v)");
  }

  @DatabaseTest
  void stringMatching(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThat(names(orm, like("v", "Hello%"))).containsExactly("text");
    assertThat(names(orm, like("v", "hello%"))).isEmpty();
    assertThat(names(orm, ilike("v", "hello%"))).containsExactly("text");
    assertThat(names(orm, like("v", "Hello\\_World\\%"))).containsExactly("text");
    assertThat(names(orm, like("v", "Hello\\_World\\%x"))).isEmpty();
    assertThat(names(orm, like("name", "int_"))).containsExactly("int1", "int2");
    assertThat(names(orm, notLike("name", "int%")))
        .containsExactly("missing", "null", "float1", "text", "bool");
    assertThat(names(orm, notLike("v", "x%"))).containsExactly("text");
    assertThat(names(orm, notIlike("label", "INT%")))
        .containsExactly("missing", "null", "float1", "text", "bool");
    assertThat(names(orm, startsWith("name", "int"))).containsExactly("int1", "int2");
    assertThat(names(orm, endsWith("name", "1"))).containsExactly("int1", "float1");
    assertThat(names(orm, contains("name", "oa"))).containsExactly("float1");
  }

  @DatabaseTest
  void arraysAndLogic(TestDatabase db) {
    ConvexOrm orm = orm(db);
    assertThat(names(orm, arrayContains("tags", "int"))).containsExactly("int1", "int2");
    assertThat(names(orm, arrayContains("tags", "x"))).isEmpty();
    assertThat(names(orm, and(startsWith("name", "int"), gt("v", 1L)))).containsExactly("int2");
    assertThat(names(orm, or(eq("name", "bool"), eq("v", 1.0)))).containsExactly("float1", "bool");
    assertThat(names(orm, not(isNull("v"))))
        .containsExactly("int1", "int2", "float1", "text", "bool");
    assertThat(names(orm, and())).hasSize(7);
    assertThat(names(orm, or())).isEmpty();
  }

  @DatabaseTest
  void everyOperatorReadsTheSameRowsWithOrWithoutAnIndex(TestDatabase db) {
    ConvexOrm orm = orm(db);
    List<Filter> filters = List.of(eq("v", 1L), ne("v", 1L), lt("v", 2L), gt("v", 2L),
        between("v", 1L, 1.0), notBetween("v", 1L, 1.0), in("v", 2L, true), notIn("v", 2L),
        isNull("v"), isNotNull("v"), startsWith("name", "i"));
    List<Document> all = orm.query("rows").allowFullScan().findMany();
    for (Filter f : filters) {
      List<String> expected = all.stream().filter(f::matches).map(Document::id).sorted().toList();
      List<String> actual = orm.query("rows").where(f).allowFullScan().findMany().stream()
          .map(Document::id).sorted().toList();
      assertThat(actual).as(f.toString()).isEqualTo(expected);
      assertThat(orm.query("rows").where(f).allowFullScan().explain().fullScan())
          .as(f + " uses an index").isFalse();
    }
  }
}
