package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.float64;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckConstraintTests {

  private static ConvexObject row(Map<String, ConvexValue> fields) {
    return ConvexObject.of(fields);
  }

  @Test
  void aCheckFailsOnlyWhenItsConditionIsFalse() {
    CheckConstraint positive = new CheckConstraint("price_positive", List.of("price"),
        row -> row.getLong("price") > 0);
    assertThat(positive.isViolatedBy(row(Map.of("price", new ConvexInt64(5))))).isFalse();
    assertThat(positive.isViolatedBy(row(Map.of("price", new ConvexInt64(0))))).isTrue();
  }

  @Test
  void aNullOrMissingListedFieldMakesTheConditionUnknownSoTheRowPasses() {
    CheckConstraint ordered = new CheckConstraint("dates_ordered", List.of("start", "end"),
        row -> row.getDouble("start") <= row.getDouble("end"));
    assertThat(ordered.isViolatedBy(row(Map.of("start", new ConvexFloat64(2))))).isFalse();
    assertThat(ordered.isViolatedBy(row(Map.of("start", new ConvexFloat64(2),
        "end", ConvexNull.INSTANCE)))).isFalse();
    assertThat(ordered.isViolatedBy(row(Map.of("start", new ConvexFloat64(2),
        "end", new ConvexFloat64(1))))).isTrue();
  }

  @Test
  void aCheckWithoutFieldsSeesNullsItself() {
    CheckConstraint eitherSet = new CheckConstraint("a_or_b", List.of(),
        row -> !row.isNull("a") || !row.isNull("b"));
    assertThat(eitherSet.isViolatedBy(row(Map.of()))).isTrue();
    assertThat(eitherSet.isViolatedBy(row(Map.of("b", new ConvexInt64(1))))).isFalse();
  }

  @Test
  void theBuilderDeclaresChecksInOrder() {
    TableSchema table = Schema.builder()
        .table("items", t -> {
          t.field("price", int64());
          t.field("discount", float64());
          t.check("price_positive", row -> row.getLong("price") > 0, "price");
          t.check("discount_ratio", row -> row.getDouble("discount") < 1, "discount");
        })
        .build()
        .requireTable("items");
    assertThat(table.checkConstraints()).extracting(CheckConstraint::name)
        .containsExactly("price_positive", "discount_ratio");
    assertThat(table.checkConstraints().get(0).fields()).containsExactly("price");
  }

  @Test
  void checkNamesAreNonEmptyAndUniqueAndTheirFieldsDeclared() {
    assertThat(SchemaProblems.ofTable("items", t -> {
      t.field("price", int64());
      t.check("c", row -> true, "price");
      t.check("c", row -> true);
      t.check("", row -> true);
      t.check("d", row -> true, "cost");
    })).containsExactly(
        "Table \"items\", check constraint \"c\": name is already used by another check "
            + "constraint in this table",
        "Table \"items\", check constraint \"\": check constraint names must not be empty",
        "Table \"items\", check constraint \"d\": field \"cost\" is not a declared top-level "
            + "field");
  }
}
