package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JavaValuesTests {

  enum Color { RED }

  @Test
  void mapsJavaIntegersToInt64AndFloatingPointToFloat64() {
    assertThat(JavaValues.toValue(5L)).isEqualTo(new ConvexInt64(5));
    assertThat(JavaValues.toValue(5)).isEqualTo(new ConvexInt64(5));
    assertThat(JavaValues.toValue((short) 5)).isEqualTo(new ConvexInt64(5));
    assertThat(JavaValues.toValue((byte) -5)).isEqualTo(new ConvexInt64(-5));
    assertThat(JavaValues.toValue(BigInteger.valueOf(Long.MIN_VALUE)))
        .isEqualTo(new ConvexInt64(Long.MIN_VALUE));
    assertThat(JavaValues.toValue(1.5)).isEqualTo(new ConvexFloat64(1.5));
    assertThat(JavaValues.toValue(1.5f)).isEqualTo(new ConvexFloat64(1.5));
  }

  @Test
  void mapsScalarsAndEnums() {
    assertThat(JavaValues.toValue(null)).isEqualTo(ConvexNull.INSTANCE);
    assertThat(JavaValues.toValue(true)).isEqualTo(ConvexBoolean.TRUE);
    assertThat(JavaValues.toValue("x")).isEqualTo(new ConvexString("x"));
    assertThat(JavaValues.toValue('x')).isEqualTo(new ConvexString("x"));
    assertThat(JavaValues.toValue(Color.RED)).isEqualTo(new ConvexString("RED"));
    assertThat(JavaValues.toValue(new byte[] {1, 2})).isEqualTo(ConvexBytes.of(new byte[] {1, 2}));
    ConvexValue value = new ConvexInt64(3);
    assertThat(JavaValues.toValue(value)).isSameAs(value);
    DocumentId id = DocumentId.generate(DocumentId.FIRST_USER_TABLE_NUMBER);
    assertThat(JavaValues.toValue(id)).isEqualTo(new ConvexString(id.encode()));
  }

  @Test
  void mapsCollectionsArraysAndMaps() {
    ConvexArray expected = ConvexArray.of(new ConvexInt64(1), new ConvexInt64(2));
    assertThat(JavaValues.toValue(List.of(1, 2))).isEqualTo(expected);
    assertThat(JavaValues.toValue(new Integer[] {1, 2})).isEqualTo(expected);
    assertThat(JavaValues.toValue(new int[] {1, 2})).isEqualTo(expected);
    assertThat(JavaValues.toValue(new long[] {1, 2})).isEqualTo(expected);
    assertThat(JavaValues.toValue(new double[] {0.5}))
        .isEqualTo(ConvexArray.of(new ConvexFloat64(0.5)));
    assertThat(JavaValues.toValue(Set.of())).isEqualTo(ConvexArray.of());
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", List.of("x"));
    map.put("a", null);
    assertThat(JavaValues.toValue(map)).isEqualTo(ConvexObject.of(Map.of(
        "a", ConvexNull.INSTANCE, "b", ConvexArray.of(new ConvexString("x")))));
  }

  @Test
  void rejectsWhatHasNoConvexForm() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JavaValues.toValue(BigInteger.ONE.shiftLeft(63)))
        .withMessageContaining("BigInteger 9223372036854775808");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JavaValues.toValue(Instant.EPOCH.atZone(ZoneId.of("Europe/Paris"))))
        .withMessageContaining("java.time.ZonedDateTime");
    assertThatIllegalArgumentException().isThrownBy(() -> JavaValues.toValue(new Object()))
        .withMessageContaining("java.lang.Object");
    assertThatIllegalArgumentException().isThrownBy(() -> JavaValues.toValue(Map.of(1, "x")))
        .withMessageContaining("java.lang.Integer key 1");
    assertThatIllegalArgumentException().isThrownBy(() -> JavaValues.toValue(Map.of("$x", 1)))
        .withMessageContaining("'$'");
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThatIllegalArgumentException().isThrownBy(() -> JavaValues.toValue(cycle))
        .withMessageContaining("nested more than 64");
  }

  @Test
  void mapsValuesBackToPlainJava() {
    assertThat(JavaValues.toJava(ConvexNull.INSTANCE)).isNull();
    assertThat(JavaValues.toJava(new ConvexInt64(1))).isEqualTo(1L);
    assertThat(JavaValues.toJava(new ConvexFloat64(1))).isEqualTo(1.0);
    assertThat(JavaValues.toJava(ConvexBoolean.FALSE)).isEqualTo(false);
    assertThat(JavaValues.toJava(new ConvexString("s"))).isEqualTo("s");
    assertThat(JavaValues.toJava(ConvexBytes.of(new byte[] {7}))).isEqualTo(new byte[] {7});
    assertThat(JavaValues.toJava(ConvexArray.of(ConvexNull.INSTANCE, new ConvexInt64(2))))
        .asList().containsExactly(null, 2L);
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    fields.put("z", new ConvexInt64(1));
    fields.put("a", new ConvexInt64(2));
    Object map = JavaValues.toJava(new ConvexObject(fields));
    assertThat(map).isInstanceOf(LinkedHashMap.class);
    assertThat(new ArrayList<Object>(((Map<?, ?>) map).keySet())).containsExactly("a", "z");
  }
}
