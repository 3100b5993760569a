package dev.betterconvex.orm.value;

import java.util.Arrays;

/**
 * Lowercase Crockford base32 without padding, with the bit order of convex-backend: each group of
 * 5 bytes becomes 8 characters, most significant bits first; a final partial group is padded with
 * zero bits and only the characters that carry data bits are written.
 */
final class Base32 {

  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

  private static final byte[] DECODE = new byte[128];

  static {
    Arrays.fill(DECODE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DECODE[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base32() {
  }

  /** The number of characters that encode {@code byteCount} bytes: ceil(8 * n / 5). */
  static int encodedLength(int byteCount) {
    return (byteCount * 8 + 4) / 5;
  }

  static String encode(byte[] data, int length) {
    char[] out = new char[encodedLength(length)];
    int o = 0;
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < length; i++) {
      buffer = (buffer << 8) | (data[i] & 0xFF);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out[o++] = ALPHABET.charAt((buffer >>> bits) & 0x1F);
      }
    }
    if (bits > 0) {
      out[o++] = ALPHABET.charAt((buffer << (5 - bits)) & 0x1F);
    }
    return new String(out, 0, o);
  }

  /** Returns the index of the first character outside the alphabet, or -1. */
  static int invalidCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128 || DECODE[c] < 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Decodes {@code floor(5 * length / 8)} bytes, dropping leftover bits as convex-backend does;
   * the caller checks the characters first with {@link #invalidCharacter}.
   */
  static byte[] decode(String s) {
    byte[] out = new byte[s.length() * 5 / 8];
    int o = 0;
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < s.length() && o < out.length; i++) {
      buffer = (buffer << 5) | DECODE[s.charAt(i)];
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (buffer >>> bits);
      }
    }
    return out;
  }
}
