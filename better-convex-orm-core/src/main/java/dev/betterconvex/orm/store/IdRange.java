package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.KeyEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A range of {@code by_id} keys translated to a range of the id column, so that {@code by_id} is
 * the primary key and needs no key column of its own.
 *
 * <p>The {@code by_id} key of an id {@code s} is {@code 0x10 || s || 0x00} ({@link KeyEncoding}
 * of the string). Ids are lowercase base32, so their bytes lie in {@code 0x01..0x7E} and contain
 * neither {@code 0x00} nor {@code 0xFF}: two ids compare as their keys do, and the column
 * ({@code COLLATE "C"} on PostgreSQL, Java string order on H2) sorts in key order. A key bound
 * {@code b} becomes a string bound {@code x} with {@code key(s) >= b} exactly when
 * {@code s >= x}, proven for random ids and bounds by {@code IdRangeTests}.
 *
 * @param lower the inclusive lower id bound ({@code ""}: none)
 * @param upper the exclusive upper id bound, or null for none
 */
record IdRange(String lower, @Nullable String upper) {

  /** Above every id: ids hold only bytes up to {@code 0x7E}. */
  static final String ABOVE_ALL = "\u007f";

  /** Returns the id range holding the ids whose keys lie in {@code [start, end)}, or null if none. */
  static @Nullable IdRange of(byte[] start, byte @Nullable [] end) {
    String lower = atLeast(start);
    if (lower == null) {
      return null;
    }
    String upper = null;
    if (end != null) {
      upper = atLeast(end);
      if (upper != null && upper.isEmpty()) {
        return null;
      }
      if (upper != null && lower.compareTo(upper) >= 0) {
        return null;
      }
    }
    return new IdRange(lower, upper);
  }

  /** Returns the {@code by_id} key of {@code id}. */
  static byte[] key(String id) {
    return KeyEncoding.encode(new ConvexString(id));
  }

  /**
   * Returns {@code x} such that {@code key(s) >= bound} exactly when {@code s >= x} for every id
   * {@code s} ({@code ""} when every id qualifies), or null when no id does.
   */
  private static @Nullable String atLeast(byte[] bound) {
    if (bound.length == 0 || (bound[0] & 0xFF) < 0x10) {
      return "";
    }
    if ((bound[0] & 0xFF) > 0x10) {
      return null;
    }
    for (int j = 1; j < bound.length; j++) {
      int b = bound[j] & 0xFF;
      if (b == 0x00) {
        // key(s) >= 0x10 p 0x00 rest: s >= p when rest is empty, else s > p, i.e. s >= p 0x01.
        String p = ascii(bound, j);
        return j == bound.length - 1 ? p : p + "\u0001";
      }
      if (b > 0x7E) {
        // No id byte reaches b: the ids at or above the bound are those at or above p 0x7F.
        return ascii(bound, j) + ABOVE_ALL;
      }
    }
    return ascii(bound, bound.length);
  }

  private static String ascii(byte[] bound, int to) {
    return new String(Arrays.copyOfRange(bound, 1, to), StandardCharsets.US_ASCII);
  }
}
