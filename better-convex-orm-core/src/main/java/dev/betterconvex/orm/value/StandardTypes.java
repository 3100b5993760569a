package dev.betterconvex.orm.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Convex forms of the standard Java types that are not Convex values themselves, chosen so
 * that the Convex order of the stored values is the order of the Java values:
 *
 * <ul>
 *   <li>{@link Instant}: the String {@code uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ} in UTC, always nine
 *       fraction digits (exact to the nanosecond), years 0000 to 9999;
 *   <li>{@link LocalDateTime}: the same without the {@code Z}; {@link LocalDate}:
 *       {@code uuuu-MM-dd}; years 0000 to 9999;
 *   <li>{@link OffsetDateTime}: the String of its instant, as an {@code Instant}, followed by its
 *       offset ({@code +02:00}; {@code +00:00} for UTC): ordered by the instant, offset kept;
 *   <li>{@link Duration}: Int64 nanoseconds (about ±292 years);
 *   <li>{@link UUID}: its lowercase 36-character String; ordered as the unsigned 128-bit number;
 *   <li>{@link BigDecimal}: an order-preserving String (see {@code DecimalEncoding}): exact, any
 *       precision and scale, ordered as {@code compareTo}; the scale is not kept;
 *   <li>{@link BigInteger}: Int64, in the 64-bit range only.
 * </ul>
 *
 * <p>A value outside the range of its form is refused, never rounded or clamped.
 */
public final class StandardTypes {

  private static final DateTimeFormatter LOCAL_DATE = fixed("uuuu-MM-dd", false, false);
  private static final DateTimeFormatter LOCAL_DATE_TIME =
      fixed("uuuu-MM-dd'T'HH:mm:ss", true, false);
  private static final DateTimeFormatter INSTANT = fixed("uuuu-MM-dd'T'HH:mm:ss", true, true);
  /** The length of an instant's form, where an offset date-time's offset starts. */
  private static final int INSTANT_LENGTH = 30;
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
  /** A negative scale is raised to 0 on reading when the number has at most this many digits. */
  private static final int PLAIN_DIGITS = 64;

  /** The Convex value class each type is stored as. */
  private static final Map<Class<?>, Class<? extends ConvexValue>> FORMS = Map.of(
      Instant.class, ConvexString.class,
      LocalDate.class, ConvexString.class,
      LocalDateTime.class, ConvexString.class,
      OffsetDateTime.class, ConvexString.class,
      UUID.class, ConvexString.class,
      BigDecimal.class, ConvexString.class,
      Duration.class, ConvexInt64.class,
      BigInteger.class, ConvexInt64.class);

  private StandardTypes() {
  }

  private static DateTimeFormatter fixed(String pattern, boolean nanos, boolean utc) {
    DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().appendPattern(pattern);
    if (nanos) {
      builder.appendLiteral('.').appendValue(ChronoField.NANO_OF_SECOND, 9);
    }
    if (utc) {
      builder.appendLiteral('Z');
    }
    DateTimeFormatter formatter =
        builder.toFormatter().withResolverStyle(ResolverStyle.STRICT);
    return utc ? formatter.withZone(ZoneOffset.UTC) : formatter;
  }

  /**
   * Returns the Convex value class {@code type} is stored as ({@link ConvexString} or
   * {@link ConvexInt64}), or null when {@code type} is not one of these types.
   */
  public static @Nullable Class<? extends ConvexValue> convexType(Class<?> type) {
    return FORMS.get(type);
  }

  /**
   * Returns the Convex form of {@code value}, or null when its type is not one of these.
   *
   * @throws IllegalArgumentException naming the value and the range when it is out of range
   */
  public static @Nullable ConvexValue toValue(Object value) {
    if (value instanceof Instant instant) {
      return new ConvexString(instant(instant, instant));
    }
    if (value instanceof LocalDateTime dateTime) {
      checkYear(dateTime, dateTime.getYear());
      return new ConvexString(LOCAL_DATE_TIME.format(dateTime));
    }
    if (value instanceof LocalDate date) {
      checkYear(date, date.getYear());
      return new ConvexString(LOCAL_DATE.format(date));
    }
    if (value instanceof OffsetDateTime dateTime) {
      return new ConvexString(instant(dateTime, dateTime.toInstant())
          + offset(dateTime.getOffset()));
    }
    if (value instanceof UUID uuid) {
      return new ConvexString(uuid.toString());
    }
    if (value instanceof BigDecimal decimal) {
      return new ConvexString(DecimalEncoding.encode(decimal));
    }
    if (value instanceof Duration duration) {
      try {
        return new ConvexInt64(duration.toNanos());
      } catch (ArithmeticException ex) {
        throw new IllegalArgumentException("Duration " + duration + " does not fit its Convex "
            + "form, Int64 nanoseconds (about ±292 years)", ex);
      }
    }
    if (value instanceof BigInteger integer) {
      if (integer.compareTo(MIN_LONG) < 0 || integer.compareTo(MAX_LONG) > 0) {
        throw new IllegalArgumentException("BigInteger " + integer
            + " does not fit a Convex Int64 (a signed 64-bit integer); use a BigDecimal");
      }
      return new ConvexInt64(integer.longValue());
    }
    return null;
  }

  /**
   * Reads the Convex form of a value of {@code type} back, exactly as {@link #toValue} writes it;
   * a {@code BigDecimal} comes back without trailing fraction zeros and with a scale of at least
   * 0 (when that takes at most 64 digits).
   *
   * @throws IllegalArgumentException saying why {@code value} is not the form of a {@code type}
   */
  public static Object fromValue(ConvexValue value, Class<?> type) {
    @Nullable Class<? extends ConvexValue> form = FORMS.get(type);
    if (form == null) {
      throw new IllegalArgumentException(type.getName() + " is not a standard type");
    }
    if (!form.isInstance(value)) {
      throw new IllegalArgumentException("the field holds a " + value.typeName() + " value, but a "
          + type.getName() + " is stored as " + (form == ConvexString.class ? "a string"
              : "an int64"));
    }
    if (value instanceof ConvexInt64 int64) {
      return type == Duration.class ? Duration.ofNanos(int64.value())
          : BigInteger.valueOf(int64.value());
    }
    String text = ((ConvexString) value).value();
    try {
      Object result = parse(text, type);
      if (!text.equals(((ConvexString) Objects.requireNonNull(toValue(result))).value())) {
        throw new IllegalArgumentException("not in canonical form");
      }
      return type == BigDecimal.class ? plain((BigDecimal) result) : result;
    } catch (DateTimeException | IllegalArgumentException ex) {
      String name = type.getSimpleName();
      throw new IllegalArgumentException("\"" + text + "\" is not the Convex form of "
          + ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name + " ("
          + expected(type) + "): " + ex.getMessage(), ex);
    }
  }

  private static Object parse(String text, Class<?> type) {
    if (type == Instant.class) {
      return INSTANT.parse(text, Instant::from);
    }
    if (type == LocalDateTime.class) {
      return LOCAL_DATE_TIME.parse(text, LocalDateTime::from);
    }
    if (type == LocalDate.class) {
      return LOCAL_DATE.parse(text, LocalDate::from);
    }
    if (type == OffsetDateTime.class) {
      if (text.length() <= INSTANT_LENGTH) {
        throw new IllegalArgumentException("the offset is missing");
      }
      Instant instant = INSTANT.parse(text.substring(0, INSTANT_LENGTH), Instant::from);
      return instant.atOffset(ZoneOffset.of(text.substring(INSTANT_LENGTH)));
    }
    if (type == UUID.class) {
      return UUID.fromString(text);
    }
    return DecimalEncoding.decode(text);
  }

  private static String expected(Class<?> type) {
    if (type == Instant.class) {
      return "uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ";
    }
    if (type == LocalDateTime.class) {
      return "uuuu-MM-ddTHH:mm:ss.nnnnnnnnn";
    }
    if (type == LocalDate.class) {
      return "uuuu-MM-dd";
    }
    if (type == OffsetDateTime.class) {
      return "uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ then the offset, such as +02:00";
    }
    return type == UUID.class ? "36 lowercase characters" : "an order-preserving decimal";
  }

  private static BigDecimal plain(BigDecimal decimal) {
    return decimal.scale() < 0 && decimal.precision() - (long) decimal.scale() <= PLAIN_DIGITS
        ? decimal.setScale(0, RoundingMode.UNNECESSARY) : decimal;
  }

  private static String instant(Object value, Instant instant) {
    checkYear(value, instant.atOffset(ZoneOffset.UTC).getYear());
    return INSTANT.format(instant);
  }

  private static String offset(ZoneOffset offset) {
    return offset.equals(ZoneOffset.UTC) ? "+00:00" : offset.getId();
  }

  private static void checkYear(Object value, long year) {
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException(value.getClass().getSimpleName() + " " + value
          + " is outside the years 0000 to 9999 that its Convex form, a fixed-width ISO-8601 "
          + "string, keeps in order");
    }
  }

  /**
   * Returns {@code _creationTime}, Float64 milliseconds since the epoch, as the nearest
   * {@link Instant} (to the nanosecond).
   */
  public static Instant creationTimeInstant(double millis) {
    BigDecimal nanos = new BigDecimal(millis).movePointRight(6)
        .setScale(0, RoundingMode.HALF_EVEN);
    BigInteger[] seconds = nanos.toBigIntegerExact()
        .divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    long second = seconds[0].longValueExact();
    long nano = seconds[1].longValueExact();
    return Instant.ofEpochSecond(second, nano);
  }

  /**
   * Returns the Float64 {@code _creationTime} of a value in the Convex form of an {@link Instant},
   * or {@code value} itself when it is not one (it then compares as a string).
   */
  public static ConvexValue creationTimeValue(ConvexValue value) {
    if (value instanceof ConvexString) {
      try {
        return new ConvexFloat64(creationTimeMillis((Instant) fromValue(value, Instant.class)));
      } catch (IllegalArgumentException ex) {
        return value;
      }
    }
    return value;
  }

  /**
   * Returns {@code instant} as a {@code _creationTime} value, the nearest Float64 milliseconds
   * since the epoch; {@link #creationTimeInstant} of a creation time gives it back exactly.
   */
  public static double creationTimeMillis(Instant instant) {
    return BigDecimal.valueOf(instant.getEpochSecond()).movePointRight(3)
        .add(BigDecimal.valueOf(instant.getNano(), 6)).doubleValue();
  }
}
