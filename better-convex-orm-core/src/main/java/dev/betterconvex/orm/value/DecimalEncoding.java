package dev.betterconvex.orm.value;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The order-preserving string form of a {@link BigDecimal}: strings compare (as Convex strings,
 * by their bytes) as the numbers compare with {@link BigDecimal#compareTo}. The number, without
 * trailing zeros, is {@code 0.d1d2...dn × 10^e} with {@code d1 != 0}; it is written as:
 *
 * <ul>
 *   <li>zero: {@code "="};
 *   <li>positive: {@code ">"}, then {@code e + 2^31} in exactly 10 decimal digits, then the
 *       digits {@code d1...dn};
 *   <li>negative: {@code "<"}, then {@code 9999999999 - (e + 2^31)} in 10 digits, then each digit
 *       {@code d} written as {@code 9 - d}, then {@code "~"}.
 * </ul>
 *
 * <p>{@code '<' < '=' < '>'} orders the signs; a fixed-width exponent orders magnitudes; digits
 * without trailing zeros order as a prefix-first string, and for negatives the inverted digits
 * with a terminator above every digit reverse that order. Numbers equal by {@code compareTo}
 * ({@code 1.5}, {@code 1.50}) have the same form.
 */
final class DecimalEncoding {

  private static final long OFFSET = 1L << 31;
  private static final long MAX_EXPONENT = 9_999_999_999L;
  private static final int EXPONENT_DIGITS = 10;
  /** How many zero digits decoding adds to bring a scale below Integer.MIN_VALUE into range. */
  private static final int MAX_PADDING = 1000;

  private DecimalEncoding() {
  }

  static String encode(BigDecimal value) {
    if (value.signum() == 0) {
      return "=";
    }
    // Not stripTrailingZeros(): its scale overflows for scales near Integer.MIN_VALUE.
    String all = value.unscaledValue().abs().toString();
    long exponent = all.length() - (long) value.scale() + OFFSET;
    int end = all.length();
    while (all.charAt(end - 1) == '0') {
      end--;
    }
    String digits = all.substring(0, end);
    StringBuilder out = new StringBuilder(digits.length() + EXPONENT_DIGITS + 2);
    if (value.signum() > 0) {
      out.append('>');
      appendExponent(out, exponent);
      out.append(digits);
    } else {
      out.append('<');
      appendExponent(out, MAX_EXPONENT - exponent);
      for (int i = 0; i < digits.length(); i++) {
        out.append((char) ('9' - digits.charAt(i) + '0'));
      }
      out.append('~');
    }
    return out.toString();
  }

  private static void appendExponent(StringBuilder out, long exponent) {
    String text = Long.toString(exponent);
    out.append("0".repeat(EXPONENT_DIGITS - text.length())).append(text);
  }

  /**
   * Reads the form {@link #encode} writes, and only that form.
   *
   * @throws IllegalArgumentException saying why {@code text} is not one
   */
  static BigDecimal decode(String text) {
    if (text.equals("=")) {
      return BigDecimal.ZERO;
    }
    boolean negative = text.startsWith("<");
    if (!negative && !text.startsWith(">")) {
      throw notEncoded(text, "it starts with neither '<', '=' nor '>'");
    }
    int end = negative ? text.length() - 1 : text.length();
    if (end <= 1 + EXPONENT_DIGITS || negative && text.charAt(end) != '~') {
      throw notEncoded(text, "it is too short or not terminated");
    }
    String exponentText = text.substring(1, 1 + EXPONENT_DIGITS);
    String digitText = text.substring(1 + EXPONENT_DIGITS, end);
    if (!allDigits(exponentText) || !allDigits(digitText)) {
      throw notEncoded(text, "it holds a character that is not a digit");
    }
    long exponent = Long.parseLong(exponentText);
    if (negative) {
      exponent = MAX_EXPONENT - exponent;
      StringBuilder inverted = new StringBuilder(digitText.length());
      for (int i = 0; i < digitText.length(); i++) {
        inverted.append((char) ('9' - digitText.charAt(i) + '0'));
      }
      digitText = inverted.toString();
    }
    long scale = digitText.length() - (exponent - OFFSET);
    if (scale < Integer.MIN_VALUE && Integer.MIN_VALUE - scale <= MAX_PADDING) {
      // 3E+2147483649 is a BigDecimal only as 30 with scale Integer.MIN_VALUE.
      digitText = digitText + "0".repeat((int) (Integer.MIN_VALUE - scale));
      scale = Integer.MIN_VALUE;
    }
    if (scale != (int) scale) {
      throw notEncoded(text, "its exponent is out of range");
    }
    BigInteger unscaled = new BigInteger(digitText);
    BigDecimal result = new BigDecimal(negative ? unscaled.negate() : unscaled, (int) scale);
    if (!encode(result).equals(text)) {
      throw notEncoded(text, "it is not in canonical form (a leading or trailing zero digit)");
    }
    return result;
  }

  private static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException notEncoded(String text, String reason) {
    return new IllegalArgumentException("\"" + text + "\" is not the Convex form of a BigDecimal"
        + " (see docs/mapping.md): " + reason);
  }
}
