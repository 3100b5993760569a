package dev.betterconvex.orm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldTypeTests {

  private static final ConvexValue ONE_INT = new ConvexInt64(1);
  private static final ConvexValue ONE_FLOAT = new ConvexFloat64(1.0);
  private static final ConvexValue TEXT = new ConvexString("a");

  @Test
  void scalarTypesAcceptOnlyTheirOwnConvexType() {
    assertThat(FieldType.string().accepts(TEXT)).isTrue();
    assertThat(FieldType.string().accepts(ONE_INT)).isFalse();
    assertThat(FieldType.int64().accepts(ONE_INT)).isTrue();
    assertThat(FieldType.int64().accepts(ONE_FLOAT)).isFalse();
    assertThat(FieldType.float64().accepts(ONE_FLOAT)).isTrue();
    assertThat(FieldType.float64().accepts(ONE_INT)).isFalse();
    assertThat(FieldType.bool().accepts(ConvexBoolean.TRUE)).isTrue();
    assertThat(FieldType.bytes().accepts(ConvexBytes.of(new byte[] {1}))).isTrue();
    assertThat(FieldType.bytes().accepts(TEXT)).isFalse();
  }

  @Test
  void onlyAnyLiteralNullAndUnionsWithThemAcceptNull() {
    assertThat(FieldType.string().accepts(ConvexNull.INSTANCE)).isFalse();
    assertThat(FieldType.any().accepts(ConvexNull.INSTANCE)).isTrue();
    assertThat(FieldType.literal(ConvexNull.INSTANCE).accepts(ConvexNull.INSTANCE)).isTrue();
    assertThat(FieldType.union(FieldType.string(), FieldType.literal(ConvexNull.INSTANCE))
        .accepts(ConvexNull.INSTANCE)).isTrue();
  }

  @Test
  void idAcceptsStringsAndEnumItsValues() {
    assertThat(FieldType.id("users").accepts(TEXT)).isTrue();
    assertThat(FieldType.enumOf("a", "b").accepts(TEXT)).isTrue();
    assertThat(FieldType.enumOf("b").accepts(TEXT)).isFalse();
  }

  @Test
  void vectorNeedsExactlyItsDimensionsOfFloat64() {
    FieldType vector = FieldType.vector(2);
    assertThat(vector.accepts(ConvexArray.of(ONE_FLOAT, ONE_FLOAT))).isTrue();
    assertThat(vector.accepts(ConvexArray.of(ONE_FLOAT))).isFalse();
    assertThat(vector.accepts(ConvexArray.of(ONE_FLOAT, ONE_INT))).isFalse();
  }

  @Test
  void arrayChecksEveryElement() {
    FieldType strings = FieldType.arrayOf(FieldType.string());
    assertThat(strings.accepts(ConvexArray.of(TEXT, TEXT))).isTrue();
    assertThat(strings.accepts(ConvexArray.of())).isTrue();
    assertThat(strings.accepts(ConvexArray.of(TEXT, ONE_INT))).isFalse();
  }

  @Test
  void objectNeedsRequiredPropertiesAndRefusesUnknownOnes() {
    FieldType address = FieldType.objectOf(
        Map.of("city", FieldType.string(), "zip", FieldType.string()), Set.of("zip"));
    assertThat(address.accepts(ConvexObject.of(Map.of("city", TEXT)))).isTrue();
    assertThat(address.accepts(ConvexObject.of(Map.of("city", TEXT, "zip", ConvexNull.INSTANCE))))
        .isTrue();
    assertThat(address.accepts(ConvexObject.of(Map.of("zip", TEXT)))).isFalse();
    assertThat(address.accepts(ConvexObject.of(Map.of("city", ConvexNull.INSTANCE)))).isFalse();
    assertThat(address.accepts(ConvexObject.of(Map.of("city", TEXT, "other", TEXT)))).isFalse();
  }

  @Test
  void unionAndLiteral() {
    FieldType union = FieldType.union(FieldType.int64(), FieldType.literal(TEXT));
    assertThat(union.accepts(ONE_INT)).isTrue();
    assertThat(union.accepts(TEXT)).isTrue();
    assertThat(union.accepts(new ConvexString("b"))).isFalse();
  }

  @Test
  void describeSpellsTypesForMessages() {
    assertThat(FieldType.id("users").describe()).isEqualTo("id(\"users\")");
    assertThat(FieldType.arrayOf(FieldType.string()).describe()).isEqualTo("array<string>");
    assertThat(FieldType.vector(3).describe()).isEqualTo("vector(3)");
    assertThat(FieldType.enumOf("a", "b").describe()).isEqualTo("enum(\"a\", \"b\")");
    assertThat(FieldType.objectOf(Map.of("b", FieldType.int64(), "a", FieldType.bool()),
        Set.of("b")).describe()).isEqualTo("object{a: boolean, b?: int64}");
    assertThat(FieldType.union(FieldType.string(), FieldType.float64()).describe())
        .isEqualTo("string | float64");
    assertThat(FieldType.literal(ONE_INT).describe()).isEqualTo("literal(1n)");
    assertThat(FieldType.any()).hasToString("any");
  }

  @Test
  void typesAreValues() {
    assertThat(FieldType.arrayOf(FieldType.id("users")))
        .isEqualTo(FieldType.arrayOf(FieldType.id("users")))
        .isNotEqualTo(FieldType.arrayOf(FieldType.id("posts")));
  }

  @Test
  void fieldSchemaAcceptsNullOnlyWhenNullable() {
    FieldSchema nullable = FieldSchema.of("x", FieldType.string());
    FieldSchema notNull = new FieldSchema("x", FieldType.any(), true, null, null, null);
    assertThat(nullable.accepts(ConvexNull.INSTANCE)).isTrue();
    assertThat(notNull.accepts(ConvexNull.INSTANCE)).isFalse();
    assertThat(notNull.accepts(TEXT)).isTrue();
  }
}
