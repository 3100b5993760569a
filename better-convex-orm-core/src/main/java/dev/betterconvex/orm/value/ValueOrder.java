package dev.betterconvex.orm.value;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The total order of Convex values, the one used by indexes and by comparison filters:
 * {@code missing < null < Int64 < Float64 < Boolean < String < Bytes < Array < Object}.
 *
 * <p>Java {@code null} stands for a missing field ("undefined") and sorts first. Within a type:
 * Int64 numerically; Float64 by IEEE 754 total order on the bits ({@code -NaN < -inf < -0.0 <
 * +0.0 < +inf < +NaN}); strings by their UTF-8 bytes; bytes unsigned lexicographically; arrays
 * element by element, a shorter prefix first; objects field by field in name order, comparing the
 * name and then the value, a shorter prefix first. This order agrees with
 * {@link KeyEncoding#compare} on encoded keys and is consistent with {@code equals}.
 */
public final class ValueOrder {

  /** Compares values with {@link #compare}; accepts {@code null} as the missing value. */
  public static final Comparator<ConvexValue> COMPARATOR = ValueOrder::compare;

  private static final int MISSING = 0;
  private static final int NULL = 1;
  private static final int INT64 = 2;
  private static final int FLOAT64 = 3;
  private static final int BOOLEAN = 4;
  private static final int STRING = 5;
  private static final int BYTES = 6;
  private static final int ARRAY = 7;
  private static final int OBJECT = 8;

  private ValueOrder() {
  }

  /**
   * Compares two values, {@code null} meaning a missing field.
   *
   * @return a negative number, zero or a positive number as {@code a} sorts before, equal to or
   *     after {@code b}; zero exactly when the values are equal
   */
  public static int compare(@Nullable ConvexValue a, @Nullable ConvexValue b) {
    if (a == b) {
      return 0;
    }
    int rankA = rank(a);
    int rankB = rank(b);
    if (rankA != rankB) {
      return rankA < rankB ? -1 : 1;
    }
    if (a == null || b == null) { // both missing: rank(null) is MISSING
      return 0;
    }
    switch (rankA) {
      case INT64:
        return Long.compare(((ConvexInt64) a).value(), ((ConvexInt64) b).value());
      case FLOAT64:
        return Long.compare(
            totalOrderBits(((ConvexFloat64) a).value()), totalOrderBits(((ConvexFloat64) b).value()));
      case BOOLEAN:
        return Boolean.compare(((ConvexBoolean) a).value(), ((ConvexBoolean) b).value());
      case STRING:
        return Utf8.compare(((ConvexString) a).value(), ((ConvexString) b).value());
      case BYTES:
        return ((ConvexBytes) a).compareUnsigned((ConvexBytes) b);
      case ARRAY:
        return compareArrays(((ConvexArray) a).values(), ((ConvexArray) b).values());
      case OBJECT:
        return compareObjects(((ConvexObject) a).fields(), ((ConvexObject) b).fields());
      default: // MISSING and NULL have a single value each
        return 0;
    }
  }

  /**
   * Compares two tuples of values (index keys) element by element with {@link #compare}; when one
   * tuple is a prefix of the other, the shorter one sorts first.
   */
  public static int compareTuples(
      List<? extends @Nullable ConvexValue> a, List<? extends @Nullable ConvexValue> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /**
   * Maps a double to a long whose signed order is IEEE 754 total order: negative values have
   * their magnitude bits flipped so that larger magnitudes sort first.
   */
  static long totalOrderBits(double value) {
    long bits = Double.doubleToRawLongBits(value);
    return bits ^ ((bits >> 63) >>> 1);
  }

  private static int rank(@Nullable ConvexValue value) {
    if (value == null) {
      return MISSING;
    }
    if (value instanceof ConvexString) {
      return STRING;
    }
    if (value instanceof ConvexInt64) {
      return INT64;
    }
    if (value instanceof ConvexFloat64) {
      return FLOAT64;
    }
    if (value instanceof ConvexBoolean) {
      return BOOLEAN;
    }
    if (value instanceof ConvexNull) {
      return NULL;
    }
    if (value instanceof ConvexBytes) {
      return BYTES;
    }
    if (value instanceof ConvexArray) {
      return ARRAY;
    }
    return OBJECT;
  }

  private static int compareArrays(List<ConvexValue> a, List<ConvexValue> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareObjects(Map<String, ConvexValue> a, Map<String, ConvexValue> b) {
    Iterator<Map.Entry<String, ConvexValue>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<String, ConvexValue>> ib = b.entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, ConvexValue> fa = ia.next();
      Map.Entry<String, ConvexValue> fb = ib.next();
      int c = Utf8.compare(fa.getKey(), fb.getKey());
      if (c == 0) {
        c = compare(fa.getValue(), fb.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }
}
