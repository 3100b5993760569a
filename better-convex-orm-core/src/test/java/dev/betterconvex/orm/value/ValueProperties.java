package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Properties tying {@link ValueOrder}, {@link KeyEncoding} and {@link ConvexJson} together: the
 * key bytes sort like the values, decode to the values, and JSON round-trips exactly.
 */
class ValueProperties {

  @Provide
  Arbitrary<@Nullable ConvexValue> values() {
    return ConvexArbitraries.valuesOrMissing();
  }

  @Provide
  Arbitrary<ConvexValue> presentValues() {
    return ConvexArbitraries.values();
  }

  @Provide
  Arbitrary<List<@Nullable ConvexValue>> tuples() {
    return ConvexArbitraries.tuples();
  }

  @Property(tries = 3000)
  void keyBytesSortLikeValues(
      @ForAll("values") @Nullable ConvexValue a, @ForAll("values") @Nullable ConvexValue b) {
    int byKey = Integer.signum(KeyEncoding.compare(KeyEncoding.encode(a), KeyEncoding.encode(b)));
    assertThat(byKey).isEqualTo(Integer.signum(ValueOrder.compare(a, b)));
  }

  @Property(tries = 3000)
  void tupleKeyBytesSortLikeTuples(
      @ForAll("tuples") List<@Nullable ConvexValue> a,
      @ForAll("tuples") List<@Nullable ConvexValue> b) {
    int byKey = Integer.signum(
        KeyEncoding.compare(KeyEncoding.encodeTuple(a), KeyEncoding.encodeTuple(b)));
    assertThat(byKey).isEqualTo(Integer.signum(ValueOrder.compareTuples(a, b)));
  }

  @Property(tries = 2000)
  void tupleKeysDecodeToTheTuple(@ForAll("tuples") List<@Nullable ConvexValue> tuple) {
    byte[] key = KeyEncoding.encodeTuple(tuple);
    assertThat(KeyEncoding.decodeTuple(key)).isEqualTo(tuple);
  }

  @Property(tries = 2000)
  void valueKeyDecodesToTheValue(@ForAll("values") @Nullable ConvexValue value) {
    byte[] key = KeyEncoding.encode(value);
    assertThat(KeyEncoding.decode(key)).isEqualTo(value);
    assertThat(KeyEncoding.encodeTuple(java.util.Collections.singletonList(value))).isEqualTo(key);
  }

  @Property(tries = 2000)
  void jsonRoundTripIsExact(@ForAll("presentValues") ConvexValue value) {
    String json = ConvexJson.write(value);
    ConvexValue back = ConvexJson.read(json);
    assertThat(back).isEqualTo(value);
    assertThat(KeyEncoding.encode(back)).isEqualTo(KeyEncoding.encode(value)); // NaN bits too
    assertThat(ConvexJson.write(back)).isEqualTo(json);
    assertThat(ConvexJson.fromJsonNode(ConvexJson.toJsonNode(value))).isEqualTo(value);
    assertThat(ConvexJson.read(ConvexJson.toJsonNode(value).toString())).isEqualTo(value);
  }

  @Property(tries = 3000)
  void orderIsAntisymmetric(
      @ForAll("values") @Nullable ConvexValue a, @ForAll("values") @Nullable ConvexValue b) {
    assertThat(Integer.signum(ValueOrder.compare(a, b)))
        .isEqualTo(-Integer.signum(ValueOrder.compare(b, a)));
  }

  @Property(tries = 3000)
  void orderIsTransitive(
      @ForAll("values") @Nullable ConvexValue a,
      @ForAll("values") @Nullable ConvexValue b,
      @ForAll("values") @Nullable ConvexValue c) {
    List<@Nullable ConvexValue> all = java.util.Arrays.asList(a, b, c);
    for (ConvexValue x : all) {
      for (ConvexValue y : all) {
        for (ConvexValue z : all) {
          if (ValueOrder.compare(x, y) <= 0 && ValueOrder.compare(y, z) <= 0) {
            assertThat(ValueOrder.compare(x, z)).isLessThanOrEqualTo(0);
          }
        }
      }
    }
  }

  @Property(tries = 3000)
  void orderIsConsistentWithEquals(
      @ForAll("values") @Nullable ConvexValue a, @ForAll("values") @Nullable ConvexValue b) {
    assertThat(ValueOrder.compare(a, b) == 0).isEqualTo(java.util.Objects.equals(a, b));
    if (a != null) {
      // A structurally equal copy, built independently, compares equal and hashes equal.
      ConvexValue copy = KeyEncoding.decode(KeyEncoding.encode(a));
      assertThat(copy).isNotNull().isEqualTo(a).hasSameHashCodeAs(a);
      assertThat(ValueOrder.compare(a, copy)).isZero();
    }
  }

  @Property(tries = 1000)
  void javaMappingRoundTrips(@ForAll("presentValues") ConvexValue value) {
    assertThat(JavaValues.toValue(JavaValues.toJava(value))).isEqualTo(value);
  }
}
