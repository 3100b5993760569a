package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.KeyEncoding;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class IndexRangeTests {

  private static final IndexSchema BY_AB = new IndexSchema("by_ab", List.of("a", "b"));

  private static IndexRange compile(UnaryOperator<IndexRangeBuilder> spec) {
    return IndexRange.compile("items", BY_AB, spec.apply(new IndexRangeBuilder()).expressions());
  }

  @Test
  void equalitiesOnAPrefixThenOneBoundedFieldAreLegal() {
    IndexRange range = compile(r -> r.eq("a", 1).gt("b", 2).lte("b", 5));
    assertThat(range.equalityCount()).isEqualTo(1);
    assertThat(range.toString()).isEqualTo("by_ab a == 1n AND b > 2n AND b <= 5n");
    assertThat(compile(r -> r.eq("a", 1).eq("b", 2).gte("_creationTime", 0.0)).equalityCount())
        .isEqualTo(2);
    assertThat(compile(r -> r.gte("a", 3)).equalityCount()).isZero();
  }

  @Test
  void equalitiesInReverseOrderAreReorderedIntoIndexOrder() {
    IndexRange range = compile(r -> r.eq("b", 2).eq("a", 1));
    assertThat(range.expressions()).extracting(IndexRange.Expression::field).containsExactly("a", "b");
    assertThat(range.startKey()).isEqualTo(
        KeyEncoding.encodeTuple(List.of(new ConvexInt64(1), new ConvexInt64(2))));
  }

  @Test
  void skippingALeadingFieldIsRejected() {
    assertThatThrownBy(() -> compile(r -> r.eq("b", 1)))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessage("Tried to query index items.by_ab but the query didn't use the index fields in "
            + "order.\nIndex fields: [\"a\", \"b\", \"_creationTime\", \"_id\"]\n"
            + "Query fields: [\"b\"]\nFirst incorrect field: \"b\"");
    assertThatThrownBy(() -> compile(r -> r.gt("a", 1).eq("b", 2)))
        .hasMessageContaining("First incorrect field: \"b\"");
  }

  @Test
  void boundsOnTwoFieldsAreRejected() {
    assertThatThrownBy(() -> compile(r -> r.gt("a", 1).lt("b", 2)))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("can only be applied to a single index field")
        .hasMessageContaining("items.by_ab").hasMessageContaining("\"a\" and \"b\"");
  }

  @Test
  void aSecondBoundOfTheSameKindIsRejected() {
    assertThatThrownBy(() -> compile(r -> r.eq("a", 1).eq("a", 2)))
        .hasMessage("Already defined equality bound in index range. Can't add \"a\" == 2n.");
    assertThatThrownBy(() -> compile(r -> r.gt("a", 1).gte("a", 2)))
        .hasMessage("Already defined lower bound in index range. Can't add \"a\" >= 2n.");
    assertThatThrownBy(() -> compile(r -> r.lt("a", 1).lte("a", 2)))
        .hasMessageContaining("Already defined upper bound");
    assertThatThrownBy(() -> compile(r -> r.eq("a", 1).gt("a", 0)))
        .hasMessageContaining("Already defined inequality bound");
  }

  @Test
  void fieldsOutsideTheIndexAreRejected() {
    assertThatThrownBy(() -> compile(r -> r.eq("c", 1)))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessageContaining("comparison with \"c\", but items.by_ab with fields")
        .hasMessageContaining("doesn't index this field");
  }

  @Test
  void contradictoryBoundsMakeAnEmptyRange() {
    assertThat(compile(r -> r.eq("a", 1).gt("b", 5).lt("b", 5)).isEmpty()).isTrue();
    assertThat(compile(r -> r.eq("a", 1).gte("b", 5).lte("b", 5)).isEmpty()).isFalse();
  }
}
