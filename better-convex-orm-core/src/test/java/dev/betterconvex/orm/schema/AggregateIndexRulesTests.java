package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.float64;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.schema.annotation.AggregateIndex;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AggregateIndexRulesTests {

  private static List<String> problems(Consumer<TableBuilder> aggregates) {
    return SchemaProblems.ofTable("t", t -> {
      t.field("org", string());
      t.field("n", int64());
      t.field("x", float64());
      t.field("label", string());
      t.index("by_org", "org");
      aggregates.accept(t);
    });
  }

  @Test
  void namesFieldsAndSumTypesAreCheckedNamingTableIndexAndField() {
    assertThat(problems(t -> {
      t.aggregateIndex("by_org").on("org");
      t.aggregateIndex("1st").on("label");
      t.aggregateIndex("agg").on("org", "org", "missing").sum("label", "_id").min("nope")
          .max("n");
    })).containsExactly(
        "Table \"t\", aggregate index \"by_org\": name is already used by another index in this "
            + "table (database, search, vector and aggregate indexes share one namespace)",
        "Table \"t\", aggregate index \"1st\": index names must start with a letter and contain "
            + "only letters, digits and underscores",
        "Table \"t\", aggregate index \"agg\": on field \"org\" is listed twice",
        "Table \"t\", aggregate index \"agg\": field \"missing\" is not a declared field",
        "Table \"t\", aggregate index \"agg\": sum field \"_id\" starts with \"_\"; only user "
            + "fields can be aggregated",
        "Table \"t\", aggregate index \"agg\": field \"nope\" is not a declared field",
        "Table \"t\", aggregate index \"agg\": sum field \"label\" must have type int64 or "
            + "float64, but has type string");
  }

  @Test
  void limitsAndDuplicateDefinitionsAreProblems() {
    assertThat(problems(t -> {
      for (int i = 0; i < 9; i++) {
        t.aggregateIndex("a" + i).on("org").sum(i % 2 == 0 ? "n" : "x").min("label" + "");
      }
    })).contains(
        "Table \"t\": has 9 aggregate indexes; a table holds at most 8",
        "Table \"t\", aggregate index \"a2\": aggregate index has the same definition as "
            + "aggregate index \"a0\"");
  }

  @Table(name = "sales")
  @AggregateIndex(name = "agg_region", on = "region", sum = "amount", min = "amount",
      max = {"amount", "region"})
  @AggregateIndex(name = "agg_all")
  record Sale(@Id String id, String region, long amount) {
  }

  @Test
  void annotationsAndTheBuilderDeclareEqualAggregateIndexes() {
    Schema annotated = Schema.fromEntities(Sale.class);
    Schema built = Schema.builder().table("sales", t -> {
      t.field("region", string());
      t.field("amount", int64()).notNull();
      t.aggregateIndex("agg_region").on("region").sum("amount").min("amount")
          .max("amount", "region");
      t.aggregateIndex("agg_all");
    }).build();
    assertThat(annotated).isEqualTo(built);
    AggregateIndexSchema region = annotated.requireTable("sales").aggregateIndex("agg_region")
        .orElseThrow();
    assertThat(region.orderedFields()).containsExactly("amount", "region");
    assertThat(region.definition()).isEqualTo("on=region;sum=amount;min=amount;max=amount,region");
  }
}
