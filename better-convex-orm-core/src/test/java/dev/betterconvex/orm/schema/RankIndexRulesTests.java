package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.RankIndex;
import dev.betterconvex.orm.schema.annotation.Table;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RankIndexRulesTests {

  private static List<String> problems(Consumer<TableBuilder> ranks) {
    return SchemaProblems.ofTable("t", t -> {
      t.field("game", string());
      t.field("score", int64());
      t.field("label", string());
      t.aggregateIndex("agg_game").on("game");
      ranks.accept(t);
    });
  }

  @Test
  void namesFieldsAndTheSumTypeAreCheckedNamingTableIndexAndField() {
    assertThat(problems(t -> {
      t.rankIndex("agg_game").partitionBy("game").orderBy("score");
      t.rankIndex("empty").partitionBy("game");
      t.rankIndex("lb").partitionBy("game", "missing").orderBy("game").orderBy("_id")
          .sum("label");
    })).containsExactly(
        "Table \"t\", rank index \"agg_game\": name is already used by another index in this "
            + "table (database, search, vector, aggregate and rank indexes share one namespace)",
        "Table \"t\", rank index \"empty\": has no orderBy field; a rank index orders its rows "
            + "by 1 to 8 fields",
        "Table \"t\", rank index \"lb\": field \"missing\" is not a declared field",
        "Table \"t\", rank index \"lb\": orderBy field \"game\" is listed twice",
        "Table \"t\", rank index \"lb\": orderBy field \"_id\" starts with \"_\"; only user "
            + "fields can be ranked (every rank index breaks ties by _id)",
        "Table \"t\", rank index \"lb\": sum field \"label\" must have type int64 or float64, "
            + "but has type string");
  }

  @Test
  void limitsAndDuplicateDefinitionsAreProblems() {
    assertThat(problems(t -> {
      for (int i = 0; i < 9; i++) {
        t.rankIndex("r" + i).partitionBy("game").orderBy("score",
            i % 2 == 0 ? Direction.ASC : Direction.DESC);
      }
    })).contains(
        "Table \"t\": has 9 rank indexes; a table holds at most 8",
        "Table \"t\", rank index \"r2\": rank index has the same definition as rank index "
            + "\"r0\"");
  }

  @Table(name = "scores")
  @RankIndex(name = "lb", partitionBy = "game", orderBy = {"score", "label"},
      direction = Direction.DESC, sum = "score")
  @RankIndex(name = "by_label", orderBy = {"label", "score"},
      direction = {Direction.ASC, Direction.DESC})
  record Score(@Id String id, String game, long score, String label) {
  }

  @Table(name = "bad")
  @RankIndex(name = "lb", orderBy = {"a", "b", "c"}, direction = {Direction.ASC, Direction.DESC})
  record Bad(@Id String id, String a, String b, String c) {
  }

  @Test
  void annotationsAndTheBuilderDeclareEqualRankIndexes() {
    Schema annotated = Schema.fromEntities(Score.class);
    Schema built = Schema.builder().table("scores", t -> {
      t.field("game", string());
      t.field("score", int64()).notNull();
      t.field("label", string());
      t.rankIndex("lb").partitionBy("game").orderBy("score", Direction.DESC)
          .orderBy("label", Direction.DESC).sum("score");
      t.rankIndex("by_label").orderBy("label").orderBy("score", Direction.DESC);
    }).build();
    assertThat(annotated).isEqualTo(built);
    RankIndexSchema lb = annotated.requireTable("scores").rankIndex("lb").orElseThrow();
    assertThat(lb.definition())
        .isEqualTo("rank;partitionBy=game;orderBy=score DESC,label DESC;sum=score");
    assertThat(RankIndexSchema.fromDefinition("lb", lb.definition())).isEqualTo(lb);
    RankIndexSchema byLabel = annotated.requireTable("scores").rankIndex("by_label")
        .orElseThrow();
    assertThat(RankIndexSchema.fromDefinition("by_label", byLabel.definition()))
        .isEqualTo(byLabel);
    assertThatThrownBy(() -> Schema.fromEntities(Bad.class))
        .hasMessageContaining("Table \"bad\", rank index \"lb\": has 2 directions for 3 "
            + "orderBy fields");
  }
}
