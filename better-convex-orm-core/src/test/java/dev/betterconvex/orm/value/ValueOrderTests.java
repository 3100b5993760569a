package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueOrderTests {

  private static ConvexValue i(long v) {
    return new ConvexInt64(v);
  }

  private static ConvexValue f(double v) {
    return new ConvexFloat64(v);
  }

  private static ConvexValue s(String v) {
    return new ConvexString(v);
  }

  @Test
  void ordersTypesMissingNullInt64Float64BooleanStringBytesArrayObject() {
    List<ConvexValue> ascending = Arrays.asList(
        null,
        ConvexNull.INSTANCE,
        i(Long.MAX_VALUE),
        f(Double.NEGATIVE_INFINITY),
        ConvexBoolean.TRUE,
        s(""),
        ConvexBytes.of(new byte[0]),
        ConvexArray.of(),
        ConvexObject.EMPTY);
    List<ConvexValue> shuffled = new ArrayList<>(ascending);
    Collections.reverse(shuffled);
    shuffled.sort(ValueOrder.COMPARATOR);
    assertThat(shuffled).isEqualTo(ascending);
  }

  @Test
  void sortsEveryInt64BeforeEveryFloat64() {
    assertThat(ValueOrder.compare(i(5), f(1.0))).isNegative();
    assertThat(ValueOrder.compare(i(1), f(1.0))).isNegative();
    assertThat(i(1)).isNotEqualTo(f(1.0));
  }

  @Test
  void ordersFloat64ByIeeeTotalOrder() {
    double negativeNan = Double.longBitsToDouble(0xfff8000000000000L);
    List<ConvexValue> ascending = List.of(
        f(negativeNan), f(Double.NEGATIVE_INFINITY), f(-1.0), f(-Double.MIN_VALUE), f(-0.0),
        f(0.0), f(Double.MIN_VALUE), f(1.0), f(Double.POSITIVE_INFINITY), f(Double.NaN),
        f(Double.longBitsToDouble(0x7fffffffffffffffL)));
    for (int a = 0; a < ascending.size(); a++) {
      for (int b = 0; b < ascending.size(); b++) {
        assertThat(Integer.signum(ValueOrder.compare(ascending.get(a), ascending.get(b))))
            .as("%s vs %s", ascending.get(a), ascending.get(b))
            .isEqualTo(Integer.compare(a, b));
      }
    }
    assertThat(f(-0.0)).isNotEqualTo(f(0.0));
  }

  @Test
  void ordersStringsByUtf8BytesNotUtf16Units() {
    String emoji = "\ud83d\ude00"; // U+1F600, UTF-8 f0 9f 98 80
    String lastBmp = "\uffff"; // UTF-8 ef bf bf
    assertThat(ValueOrder.compare(s("a"), s(emoji))).isNegative();
    assertThat(ValueOrder.compare(s(lastBmp), s(emoji))).isNegative();
    assertThat(lastBmp.compareTo(emoji)).as("Java's UTF-16 order disagrees").isPositive();
    assertThat(ValueOrder.compare(s("\ue000"), s("\ud800\udc00"))).isNegative();
    assertThat(ValueOrder.compare(s("ab"), s("ab\0"))).isNegative();
    assertThat(ValueOrder.compare(s("ab\0"), s("ab\u0001"))).isNegative();
  }

  @Test
  void ordersBytesUnsigned() {
    assertThat(ValueOrder.compare(ConvexBytes.of(new byte[] {0x7F}),
        ConvexBytes.of(new byte[] {(byte) 0x80}))).isNegative();
    assertThat(ValueOrder.compare(ConvexBytes.of(new byte[] {1}),
        ConvexBytes.of(new byte[] {1, 0}))).isNegative();
  }

  @Test
  void ordersArraysElementByElementShorterFirst() {
    assertThat(ValueOrder.compare(ConvexArray.of(i(1)), ConvexArray.of(i(1), i(0)))).isNegative();
    assertThat(ValueOrder.compare(ConvexArray.of(i(2)), ConvexArray.of(i(1), i(0)))).isPositive();
    assertThat(ValueOrder.compare(ConvexArray.of(ConvexNull.INSTANCE), ConvexArray.of(i(0))))
        .isNegative();
  }

  @Test
  void ordersObjectsByFieldNameThenValueShorterFirst() {
    ConvexObject a1 = ConvexObject.of(Map.of("a", i(1)));
    ConvexObject a1b0 = ConvexObject.of(Map.of("a", i(1), "b", i(0)));
    ConvexObject a2 = ConvexObject.of(Map.of("a", i(2)));
    ConvexObject b1 = ConvexObject.of(Map.of("b", i(1)));
    ConvexObject aFloat = ConvexObject.of(Map.of("a", f(1.0)));
    assertThat(ValueOrder.compare(a1, a1b0)).isNegative();
    assertThat(ValueOrder.compare(a2, b1)).as("name a sorts before name b").isNegative();
    assertThat(ValueOrder.compare(a1b0, a2)).isNegative();
    assertThat(ValueOrder.compare(a1, aFloat)).isNegative();
    assertThat(ValueOrder.compare(ConvexObject.of(Map.of("a", i(9))),
        ConvexObject.of(Map.of("ab", i(0))))).isNegative();
  }

  @Test
  void comparesTuplesWithMissingFirstAndShorterFirst() {
    assertThat(ValueOrder.compareTuples(Arrays.asList((ConvexValue) null), List.of(ConvexNull.INSTANCE)))
        .isNegative();
    assertThat(ValueOrder.compareTuples(List.of(i(1)), List.of(i(1), i(0)))).isNegative();
    assertThat(ValueOrder.compareTuples(List.of(i(1), i(0)), List.of(i(1), i(0)))).isZero();
    assertThat(ValueOrder.compareTuples(List.of(), List.of())).isZero();
  }
}
