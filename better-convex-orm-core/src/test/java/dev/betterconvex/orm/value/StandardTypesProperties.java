package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The Convex forms of {@link StandardTypes} sort (in the Convex order, the order of index keys)
 * as the Java values compare, and read back to the values.
 */
class StandardTypesProperties {

  private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  @Provide
  Arbitrary<BigDecimal> decimals() {
    Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
    Arbitrary<Integer> scale = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.integers().between(-6, 6)),
        Tuple.of(2, Arbitraries.integers().between(-60, 60)),
        Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1,
            Integer.MAX_VALUE, Integer.MAX_VALUE - 1)));
    return Combinators.combine(unscaled, scale).as(BigDecimal::new);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Combinators.combine(
        Arbitraries.oneOf(Arbitraries.longs().between(MIN_SECOND, MAX_SECOND),
            Arbitraries.longs().between(-5, 5)),
        Arbitraries.oneOf(Arbitraries.integers().between(0, 999_999_999),
            Arbitraries.of(0, 1, 999_999_999)))
        .as(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<OffsetDateTime> offsetDateTimes() {
    return Combinators.combine(instants(),
        Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds))
        .as(Instant::atOffset)
        .filter(t -> t.getYear() >= 0 && t.getYear() <= 9999);
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Arbitraries.longs().map(Duration::ofNanos);
  }

  @Provide
  Arbitrary<UUID> uuids() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
  }

  @Property(tries = 3000)
  void decimalsSortNumerically(@ForAll("decimals") BigDecimal a, @ForAll("decimals") BigDecimal b) {
    assertSortsAs(a, b, Comparator.naturalOrder());
  }

  @Property(tries = 2000)
  void decimalsReadBackEqualByCompareTo(@ForAll("decimals") BigDecimal decimal) {
    BigDecimal read = (BigDecimal) StandardTypes.fromValue(
        StandardTypes.toValue(decimal), BigDecimal.class);
    assertThat(read).isEqualByComparingTo(decimal);
    assertThat(StandardTypes.toValue(read)).isEqualTo(StandardTypes.toValue(decimal));
  }

  @Property(tries = 2000)
  void instantsSortChronologicallyAndRoundTrip(
      @ForAll("instants") Instant a, @ForAll("instants") Instant b) {
    assertSortsAs(a, b, Comparator.naturalOrder());
    assertThat(StandardTypes.fromValue(StandardTypes.toValue(a), Instant.class)).isEqualTo(a);
  }

  @Property(tries = 2000)
  void localDateTimesAndDatesSortAndRoundTrip(
      @ForAll("instants") Instant a, @ForAll("instants") Instant b) {
    LocalDateTime x = LocalDateTime.ofInstant(a, ZoneOffset.UTC);
    LocalDateTime y = LocalDateTime.ofInstant(b, ZoneOffset.UTC);
    assertSortsAs(x, y, Comparator.naturalOrder());
    assertSortsAs(x.toLocalDate(), y.toLocalDate(), Comparator.naturalOrder());
    assertThat(StandardTypes.fromValue(StandardTypes.toValue(x), LocalDateTime.class))
        .isEqualTo(x);
    assertThat(StandardTypes.fromValue(StandardTypes.toValue(x.toLocalDate()), LocalDate.class))
        .isEqualTo(x.toLocalDate());
  }

  @Property(tries = 2000)
  void offsetDateTimesSortByInstantAndKeepTheirOffset(
      @ForAll("offsetDateTimes") OffsetDateTime a, @ForAll("offsetDateTimes") OffsetDateTime b) {
    if (!a.toInstant().equals(b.toInstant())) {
      assertSortsAs(a, b, Comparator.comparing(OffsetDateTime::toInstant));
    }
    assertThat(StandardTypes.fromValue(StandardTypes.toValue(a), OffsetDateTime.class))
        .isEqualTo(a);
  }

  @Property(tries = 2000)
  void durationsSortAndRoundTrip(@ForAll("durations") Duration a, @ForAll("durations") Duration b) {
    assertSortsAs(a, b, Comparator.naturalOrder());
    assertThat(StandardTypes.fromValue(StandardTypes.toValue(a), Duration.class)).isEqualTo(a);
  }

  @Property(tries = 2000)
  void uuidsSortAsUnsignedNumbersAndRoundTrip(@ForAll("uuids") UUID a, @ForAll("uuids") UUID b) {
    assertSortsAs(a, b, Comparator.comparing(StandardTypesProperties::unsigned));
    assertThat(StandardTypes.fromValue(StandardTypes.toValue(a), UUID.class)).isEqualTo(a);
  }

  /** The UUID as an unsigned 128-bit number. */
  private static BigInteger unsigned(UUID uuid) {
    byte[] bytes = new byte[16];
    long msb = uuid.getMostSignificantBits();
    long lsb = uuid.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (msb >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
    }
    return new BigInteger(1, bytes);
  }

  /** The values' Convex forms and their index keys sort as {@code order} sorts the values. */
  private static <T> void assertSortsAs(T a, T b, Comparator<? super T> order) {
    ConvexValue x = StandardTypes.toValue(a);
    ConvexValue y = StandardTypes.toValue(b);
    int expected = Integer.signum(order.compare(a, b));
    assertThat(Integer.signum(ValueOrder.compare(x, y))).as("%s vs %s", x, y).isEqualTo(expected);
    assertThat(Integer.signum(KeyEncoding.compare(KeyEncoding.encode(x), KeyEncoding.encode(y))))
        .isEqualTo(expected);
  }
}
