package dev.betterconvex.orm.value;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fast path of {@link ConvexJson#read(String)}: a reader of the plain JSON that
 * {@link ConvexJson#write} produces (standard whitespace, strings, numbers, literals, arrays,
 * objects with valid field names, the {@code $integer}, {@code $float} and {@code $bytes}
 * objects), straight from the text, without a parser object per call. It gives up (returns
 * null) on anything else: then Jackson reads the text, and returns the same value or the error
 * with its position. For every text it accepts, its value is the one Jackson's reading gives:
 * numbers are parsed by {@link Double#parseDouble}, correctly rounded as Jackson's are; the
 * values are checked by the same constructors.
 */
final class FastJsonReader {

  /** Longer texts go to Jackson, which enforces its read limits on them. */
  private static final int MAX_TEXT = 1 << 20;
  /** Deeper nesting goes to Jackson, which enforces its depth limit. */
  private static final int MAX_DEPTH = 64;
  /** Longer numbers go to Jackson, which enforces its number length limit. */
  private static final int MAX_NUMBER = 64;
  /** Recently read field names, shared: most bodies repeat a few names. Racy but benign. */
  private static final String[] NAMES = new String[1024];

  private final String text;
  private int at;

  private FastJsonReader(String text) {
    this.text = text;
  }

  /** The value of {@code text}, or null when this reader leaves it to Jackson. */
  static @Nullable ConvexValue tryRead(String text) {
    if (text.length() > MAX_TEXT) {
      return null;
    }
    try {
      FastJsonReader reader = new FastJsonReader(text);
      ConvexValue value = reader.value(0);
      if (value == null) {
        return null;
      }
      reader.skipWhitespace();
      return reader.at == text.length() ? value : null;
    }
    catch (RuntimeException ex) {
      // a value refused by its constructor (an unpaired surrogate, a malformed $integer, ...):
      // Jackson's reading reports it with its position
      return null;
    }
  }

  private void skipWhitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      at++;
    }
  }

  private @Nullable ConvexValue value(int depth) {
    skipWhitespace();
    if (at >= text.length() || depth > MAX_DEPTH) {
      return null;
    }
    char c = text.charAt(at);
    switch (c) {
      case '"': {
        String s = string();
        return s == null ? null : new ConvexString(s);
      }
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case 't':
        return literal("true") ? ConvexBoolean.TRUE : null;
      case 'f':
        return literal("false") ? ConvexBoolean.FALSE : null;
      case 'n':
        return literal("null") ? ConvexNull.INSTANCE : null;
      default:
        return c == '-' || c >= '0' && c <= '9' ? number() : null;
    }
  }

  private boolean literal(String word) {
    if (!text.startsWith(word, at)) {
      return false;
    }
    at += word.length();
    // "trueX" is not a literal: what follows must not continue the token (as Jackson checks)
    return at == text.length() || !Character.isJavaIdentifierPart(text.charAt(at));
  }

  /** A number of JSON's grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private @Nullable ConvexValue number() {
    int start = at;
    if (text.charAt(at) == '-') {
      at++;
    }
    int digits = digits();
    if (digits == 0 || digits > 1 && text.charAt(at - digits) == '0') {
      return null;
    }
    if (at < text.length() && text.charAt(at) == '.') {
      at++;
      if (digits() == 0) {
        return null;
      }
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        at++;
      }
      if (digits() == 0) {
        return null;
      }
    }
    if (at - start > MAX_NUMBER
        || at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
      return null;
    }
    double d = Double.parseDouble(text.substring(start, at));
    // infinite: Jackson's reading reports that the number does not fit a Float64
    return Double.isInfinite(d) || Double.isNaN(d) ? null : new ConvexFloat64(d);
  }

  private int digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at - start;
  }

  /** A string's value, the reader on its opening quote; null when it is not plain JSON. */
  private @Nullable String string() {
    int start = ++at;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '"') {
        return text.substring(start, at++);
      }
      if (c == '\\') {
        return escaped(start);
      }
      if (c < 0x20) {
        return null;
      }
      at++;
    }
    return null;
  }

  /** The rest of a string with escapes, from its first escape. */
  private @Nullable String escaped(int start) {
    StringBuilder out = new StringBuilder(at - start + 16);
    out.append(text, start, at);
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        return null;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        return null;
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            return null;
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) {
              return null;
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * A field name, the reader on its opening quote; shared through {@link #NAMES} when it is
   * plain ASCII without escapes.
   */
  private @Nullable String name() {
    if (at >= text.length() || text.charAt(at) != '"') {
      return null;
    }
    int start = at + 1;
    int hash = 0;
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        break;
      }
      if (c == '\\' || c < 0x20 || c > 0x7E) {
        return string(); // escaped or not a valid name: read as any string, not shared
      }
      hash = 31 * hash + c;
      i++;
    }
    if (i >= text.length()) {
      return null;
    }
    int length = i - start;
    at = i + 1;
    int slot = (hash ^ (hash >>> 16)) & (NAMES.length - 1);
    String known = NAMES[slot];
    if (known != null && known.length() == length && text.startsWith(known, start)) {
      return known;
    }
    String name = text.substring(start, i);
    NAMES[slot] = name;
    return name;
  }

  private @Nullable ConvexValue object(int depth) {
    at++; // '{'
    skipWhitespace();
    if (at < text.length() && text.charAt(at) == '}') {
      at++;
      return ConvexObject.EMPTY;
    }
    ConvexObject.Checked fields = new ConvexObject.Checked();
    boolean first = true;
    while (true) {
      skipWhitespace();
      String name = name();
      if (name == null || !colon()) {
        return null;
      }
      if (first && name.startsWith("$")) {
        return special(name);
      }
      first = false;
      ConvexValue value = value(depth + 1);
      if (value == null || FieldNames.problem(name) != null || fields.put(name, value) != null) {
        return null;
      }
      skipWhitespace();
      if (at >= text.length()) {
        return null;
      }
      char c = text.charAt(at++);
      if (c == '}') {
        return new ConvexObject(fields);
      }
      if (c != ',') {
        return null;
      }
    }
  }

  private boolean colon() {
    skipWhitespace();
    if (at >= text.length() || text.charAt(at) != ':') {
      return false;
    }
    at++;
    return true;
  }

  /** {@code {"$integer": "..."}} and its kin, the reader after the colon. */
  private @Nullable ConvexValue special(String name) {
    if (!name.equals(ConvexJson.INTEGER) && !name.equals(ConvexJson.FLOAT)
        && !name.equals(ConvexJson.BYTES)) {
      return null;
    }
    skipWhitespace();
    if (at >= text.length() || text.charAt(at) != '"') {
      return null;
    }
    String base64 = string();
    skipWhitespace();
    if (base64 == null || at >= text.length() || text.charAt(at) != '}') {
      return null;
    }
    at++;
    return ConvexJson.special(name, base64);
  }

  private @Nullable ConvexValue array(int depth) {
    at++; // '['
    skipWhitespace();
    List<ConvexValue> elements = new ArrayList<>();
    if (at < text.length() && text.charAt(at) == ']') {
      at++;
      return new ConvexArray(elements);
    }
    while (true) {
      ConvexValue element = value(depth + 1);
      if (element == null) {
        return null;
      }
      elements.add(element);
      skipWhitespace();
      if (at >= text.length()) {
        return null;
      }
      char c = text.charAt(at++);
      if (c == ']') {
        return new ConvexArray(elements);
      }
      if (c != ',') {
        return null;
      }
    }
  }
}
