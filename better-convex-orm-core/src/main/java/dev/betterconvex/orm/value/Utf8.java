package dev.betterconvex.orm.value;

/** UTF-8 helpers that work on Java strings without allocating byte arrays. */
final class Utf8 {

  private Utf8() {
  }

  /**
   * Compares two strings in Unicode code point order, which is the order of their UTF-8 bytes.
   * Java's {@code String.compareTo} compares UTF-16 units instead and disagrees for characters
   * outside the Basic Multilingual Plane against U+E000..U+FFFF.
   */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF, so they must sort after
        // U+E000..U+FFFF: shift surrogates up and U+E000..U+FFFF down before comparing.
        if (ca >= 0xD800 && cb >= 0xD800) {
          return fixup(ca) - fixup(cb);
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  private static int fixup(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** Returns the number of bytes of the UTF-8 encoding of a string with no unpaired surrogate. */
  static int encodedLength(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)) {
          bytes += 2; // two chars, four bytes
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** Returns the index of the first unpaired surrogate in {@code s}, or -1 when there is none. */
  static int unpairedSurrogate(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
