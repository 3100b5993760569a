package dev.betterconvex.orm.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Generators of Convex values that hit the edges of the order and of the key encoding: NaNs of
 * both signs and several payloads, signed zeros, infinities, the Int64 tag-width boundaries,
 * strings around the UTF-16 versus UTF-8 order trap, NUL and 0xFF bytes, nested containers.
 */
final class ConvexArbitraries {

  static final double[] SPECIAL_DOUBLES = {
      0.0, -0.0, 1.0, -1.0, 0.5, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.NaN,
      Double.longBitsToDouble(0x7ff8000000000000L), // canonical quiet NaN
      Double.longBitsToDouble(0xfff8000000000000L), // negative quiet NaN
      Double.longBitsToDouble(0x7ff0000000000001L), // signalling NaN, smallest payload
      Double.longBitsToDouble(0x7fffffffffffffffL), // largest positive NaN
      Double.longBitsToDouble(0xffffffffffffffffL), // "smallest" NaN in total order
      Double.longBitsToDouble(0xfff0000000000001L),
      Double.longBitsToDouble(0x7ff80000000000abL),
  };

  static final long[] SPECIAL_LONGS = {
      0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535,
      Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1, Integer.MIN_VALUE,
      (long) Integer.MIN_VALUE - 1, 1L << 31, -(1L << 31), 1L << 53, Long.MAX_VALUE,
      Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1,
  };

  /** Pieces of strings: ASCII, NUL, 2-, 3- and 4-byte UTF-8, both sides of the surrogate gap. */
  static final String[] STRING_PIECES = {
      "a", "b", "\0", "\u007f", "\u0080", "\u00e9", "\u00ff", "\u07ff", "\u0800", "\ud7ff",
      "\ue000", "\uffff", "\ud800\udc00", "\ud83d\ude00", "\udbff\udfff", "z",
  };

  static final String[] FIELD_NAMES = {"a", "ab", "b", "a b", "_x", "A", "z", "~", "aa", "b0"};

  private ConvexArbitraries() {
  }

  static Arbitrary<Long> int64s() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.longs()),
        Tuple.of(1, Arbitraries.longs().between(-300, 300)),
        Tuple.of(2, Arbitraries.of(boxed(SPECIAL_LONGS))));
  }

  static Arbitrary<Double> float64s() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.doubles()),
        Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)),
        Tuple.of(2, Arbitraries.of(boxed(SPECIAL_DOUBLES))));
  }

  static Arbitrary<String> strings() {
    Arbitrary<String> fromPieces = Arbitraries.of(STRING_PIECES).list().ofMaxSize(4)
        .map(pieces -> String.join("", pieces));
    Arbitrary<String> anyCodePoints = Arbitraries.integers().between(0, 0x10FFFF)
        .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
        .list().ofMaxSize(6)
        .map(cps -> {
          StringBuilder s = new StringBuilder();
          cps.forEach(s::appendCodePoint);
          return s.toString();
        });
    return Arbitraries.frequencyOf(Tuple.of(3, fromPieces), Tuple.of(1, anyCodePoints));
  }

  static Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> edgy = Arbitraries.of((byte) 0, (byte) 0xFF, (byte) 1, (byte) 0x7F,
        (byte) 0x80, (byte) 0xFE).list().ofMaxSize(4).map(ConvexArbitraries::toArray);
    return Arbitraries.oneOf(edgy, Arbitraries.bytes().array(byte[].class).ofMaxSize(8));
  }

  static Arbitrary<String> fieldNames() {
    return Arbitraries.oneOf(
        Arbitraries.of(FIELD_NAMES),
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(3)
            .filter(s -> !s.startsWith("$")));
  }

  static Arbitrary<ConvexValue> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(ConvexNull.INSTANCE)),
        Tuple.of(3, int64s().map(ConvexInt64::new)),
        Tuple.of(3, float64s().map(ConvexFloat64::new)),
        Tuple.of(1, Arbitraries.of(ConvexBoolean.TRUE, ConvexBoolean.FALSE)),
        Tuple.of(3, strings().map(ConvexString::new)),
        Tuple.of(2, bytes().map(ConvexBytes::of)));
  }

  /** Values nested up to four levels deep. */
  static Arbitrary<ConvexValue> values() {
    return values(4);
  }

  static Arbitrary<ConvexValue> values(int depth) {
    if (depth == 0) {
      return scalars();
    }
    Arbitrary<ConvexValue> inner = Arbitraries.lazy(() -> values(depth - 1));
    Arbitrary<ConvexValue> arrays = inner.list().ofMaxSize(3).map(ConvexArray::new);
    Arbitrary<ConvexValue> objects = Arbitraries.maps(fieldNames(), inner).ofMaxSize(3)
        .map(fields -> new ConvexObject(new TreeMap<>(fields)));
    return Arbitraries.frequencyOf(
        Tuple.of(6, scalars()), Tuple.of(1, arrays), Tuple.of(1, objects));
  }

  /** Values or {@code null}, the missing value. */
  static Arbitrary<@Nullable ConvexValue> valuesOrMissing() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.<@Nullable ConvexValue>just(null)),
        Tuple.of(8, values().map(v -> (@Nullable ConvexValue) v)));
  }

  /** Tuples of one to four values, missing included. */
  static Arbitrary<List<@Nullable ConvexValue>> tuples() {
    return valuesOrMissing().list().ofMinSize(1).ofMaxSize(4)
        .map(list -> new ArrayList<@Nullable ConvexValue>(list));
  }

  static ConvexObject object(Map<String, ConvexValue> fields) {
    return new ConvexObject(new TreeMap<>(fields));
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] out = new byte[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  private static Long[] boxed(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static Double[] boxed(double[] values) {
    Double[] out = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
