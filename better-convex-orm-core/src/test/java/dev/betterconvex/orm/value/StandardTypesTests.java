package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StandardTypesTests {

  private static ConvexValue form(Object value) {
    return JavaValues.toValue(value);
  }

  private static String text(Object value) {
    return ((ConvexString) form(value)).value();
  }

  @Test
  void dateTimesAreFixedWidthIsoStrings() {
    assertThat(text(Instant.parse("2026-12-02T17:08:34.5Z")))
        .isEqualTo("2026-12-02T17:08:34.500000000Z");
    assertThat(text(Instant.parse("1969-12-31T23:59:59.999999999Z")))
        .isEqualTo("1969-12-31T23:59:59.999999999Z");
    assertThat(text(LocalDateTime.parse("2026-01-02T03:04")))
        .isEqualTo("2026-01-02T03:04:00.000000000");
    assertThat(text(LocalDate.parse("0001-02-03"))).isEqualTo("0001-02-03");
    assertThat(text(OffsetDateTime.parse("2026-12-02T19:08:34+02:00")))
        .isEqualTo("2026-12-02T17:08:34.000000000Z+02:00");
    assertThat(text(OffsetDateTime.parse("2026-12-02T17:08:34Z")))
        .isEqualTo("2026-12-02T17:08:34.000000000Z+00:00");
  }

  @Test
  void durationsAreInt64NanosecondsAndUuidsLowercaseStrings() {
    assertThat(form(Duration.ofMillis(-1500))).isEqualTo(new ConvexInt64(-1_500_000_000L));
    assertThat(text(new UUID(0xABCDEF0123456789L, 1)))
        .isEqualTo("abcdef01-2345-6789-0000-000000000001");
    assertThat(form(BigInteger.valueOf(-5))).isEqualTo(new ConvexInt64(-5));
  }

  @Test
  void decimalsOfEveryScaleSortNumericallyAndEqualValuesShareTheirForm() {
    assertThat(text(new BigDecimal("1.5"))).isEqualTo(text(new BigDecimal("1.50")))
        .isEqualTo(">214748364915");
    assertThat(text(BigDecimal.ZERO)).isEqualTo(text(new BigDecimal("0.000"))).isEqualTo("=");
    assertThat(text(new BigDecimal("-1.5"))).isEqualTo("<785251635084~");
    List<String> ordered = List.of("-1E+20", "-10", "-1.51", "-1.5", "-0.001", "0", "1E-9",
        "0.5", "1.5", "1.50001", "10", "10.0", "1E+3", "123456789012345678901234567890");
    for (int i = 1; i < ordered.size(); i++) {
      BigDecimal low = new BigDecimal(ordered.get(i - 1));
      BigDecimal high = new BigDecimal(ordered.get(i));
      assertThat(Integer.signum(ValueOrder.compare(form(low), form(high))))
          .as("%s vs %s", low, high).isEqualTo(low.compareTo(high));
    }
  }

  @Test
  void decimalsReadBackWithoutTrailingZerosAndWithoutNegativeScale() {
    assertThat(read(new BigDecimal("1.50"), BigDecimal.class)).isEqualTo(new BigDecimal("1.5"));
    assertThat(read(new BigDecimal("100.00"), BigDecimal.class)).isEqualTo(new BigDecimal("100"));
    assertThat(read(new BigDecimal("1E+100"), BigDecimal.class))
        .isEqualTo(new BigDecimal("1E+100"));
    assertThat(read(new BigDecimal("-0.0012300"), BigDecimal.class))
        .isEqualTo(new BigDecimal("-0.00123"));
  }

  @Test
  void valuesOutsideTheirFormAreRefusedNotRounded() {
    assertThatIllegalArgumentException().isThrownBy(() -> form(Instant.parse("+10000-01-01T00:00:00Z")))
        .withMessageContaining("outside the years 0000 to 9999");
    assertThatIllegalArgumentException().isThrownBy(() -> form(LocalDate.of(-1, 1, 1)))
        .withMessageContaining("LocalDate -0001-01-01 is outside the years 0000 to 9999");
    assertThatIllegalArgumentException().isThrownBy(() -> form(Duration.ofDays(365L * 300)))
        .withMessageContaining("Int64 nanoseconds");
    assertThatIllegalArgumentException().isThrownBy(() -> form(BigInteger.ONE.shiftLeft(63)))
        .withMessageContaining("BigInteger 9223372036854775808 does not fit a Convex Int64");
  }

  @Test
  void readingAcceptsOnlyTheCanonicalForm() {
    assertThatIllegalArgumentException().isThrownBy(() -> StandardTypes.fromValue(
        new ConvexString("2026-12-02T17:08:34Z"), Instant.class))
        .withMessageContaining("\"2026-12-02T17:08:34Z\" is not the Convex form of an Instant "
            + "(uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ)");
    assertThatIllegalArgumentException().isThrownBy(() -> StandardTypes.fromValue(
        new ConvexString("ABCDEF01-2345-6789-0000-000000000001"), UUID.class))
        .withMessageContaining("not in canonical form");
    assertThatIllegalArgumentException().isThrownBy(() -> StandardTypes.fromValue(
        new ConvexString("1.5"), BigDecimal.class))
        .withMessageContaining("\"1.5\" is not the Convex form of a BigDecimal");
    assertThatIllegalArgumentException().isThrownBy(() -> StandardTypes.fromValue(
        new ConvexString(">2147483649150"), BigDecimal.class))
        .withMessageContaining("canonical");
    assertThatIllegalArgumentException().isThrownBy(() -> StandardTypes.fromValue(
        new ConvexFloat64(1), Duration.class))
        .withMessageContaining("holds a float64 value, but a java.time.Duration is stored as an "
            + "int64");
  }

  @Test
  void creationTimesConvertExactlyBothWays() {
    double millis = 1.796161109804187E12;
    Instant instant = StandardTypes.creationTimeInstant(millis);
    assertThat(instant).isEqualTo(Instant.parse("2026-12-01T21:38:29.804187012Z"));
    assertThat(StandardTypes.creationTimeMillis(instant)).isEqualTo(millis);
    assertThat(StandardTypes.creationTimeInstant(-1.5)).isEqualTo(Instant.parse(
        "1969-12-31T23:59:59.998500Z"));
    assertThat(StandardTypes.creationTimeValue(form(instant))).isEqualTo(new ConvexFloat64(millis));
    assertThat(StandardTypes.creationTimeValue(new ConvexString("x")))
        .isEqualTo(new ConvexString("x"));
  }

  private static Object read(Object value, Class<?> type) {
    return StandardTypes.fromValue(form(value), type);
  }
}
