package dev.betterconvex.orm.value;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The order-preserving byte encoding of Convex values (index keys), byte-identical to
 * convex-backend's sort keys: comparing two encodings as unsigned bytes gives the same answer as
 * {@link ValueOrder#compare} on the values.
 *
 * <p>Every value starts with a tag byte: missing {@code 0x01}, null {@code 0x03}, Int64
 * {@code 0x04..0x0C} (zero is {@code 0x08} alone, the distance from {@code 0x08} gives a 1, 2, 4
 * or 8 byte big-endian two's complement payload, below for negatives), Float64 {@code 0x0D} and
 * 8 bytes, false {@code 0x0E}, true {@code 0x0F}, String {@code 0x10} and Bytes {@code 0x11}
 * (content with {@code 0x00} escaped as {@code 0x00 0xFF}, then {@code 0x00}), Array
 * {@code 0x12} (elements, then {@code 0x00}), Object {@code 0x15} (escaped name and value per
 * field in name order, then {@code 0x00}). Encodings are self-delimiting, so a tuple is encoded as
 * the concatenation of its elements.
 */
public final class KeyEncoding {

  static final int MISSING_TAG = 0x01;
  static final int NULL_TAG = 0x03;
  static final int NEG_INT64_8_BYTE_TAG = 0x04;
  static final int ZERO_INT64_TAG = 0x08;
  static final int POS_INT64_8_BYTE_TAG = 0x0C;
  static final int FLOAT64_TAG = 0x0D;
  static final int FALSE_TAG = 0x0E;
  static final int TRUE_TAG = 0x0F;
  static final int STRING_TAG = 0x10;
  static final int BYTES_TAG = 0x11;
  static final int ARRAY_TAG = 0x12;
  static final int OBJECT_TAG = 0x15;
  static final int TERMINATOR = 0x00;
  static final int ESCAPE = 0xFF;

  /** How deeply arrays and objects may nest in a key being decoded (Convex's value limit). */
  static final int MAX_DECODE_NESTING = 64;

  private KeyEncoding() {
  }

  /** Returns the key bytes of one value; {@code null} (a missing field) encodes as {@code 0x01}. */
  public static byte[] encode(@Nullable ConvexValue value) {
    Writer writer = new Writer(32);
    writer.write(value);
    return writer.toByteArray();
  }

  /** Returns the key bytes of a tuple: the concatenation of the encodings of its elements. */
  public static byte[] encodeTuple(List<? extends @Nullable ConvexValue> values) {
    Writer writer = new Writer(16 * values.size() + 16);
    for (int i = 0, n = values.size(); i < n; i++) {
      writer.write(values.get(i));
    }
    return writer.toByteArray();
  }

  /**
   * Decodes a tuple key written by {@link #encodeTuple}; missing elements come back as
   * {@code null}. Only canonical encodings are accepted, so decoding and re-encoding gives back
   * the same bytes.
   *
   * @throws IllegalArgumentException if {@code key} is not a canonical encoding
   */
  public static List<@Nullable ConvexValue> decodeTuple(byte[] key) {
    Reader reader = new Reader(key);
    List<@Nullable ConvexValue> values = new ArrayList<>();
    while (reader.hasMore()) {
      values.add(reader.readTupleElement());
    }
    return values;
  }

  /**
   * Decodes the key of exactly one value written by {@link #encode}.
   *
   * @throws IllegalArgumentException if {@code key} is not the canonical encoding of one value
   */
  public static @Nullable ConvexValue decode(byte[] key) {
    Reader reader = new Reader(key);
    if (!reader.hasMore()) {
      throw new IllegalArgumentException("Malformed key: it is empty");
    }
    @Nullable ConvexValue value = reader.readTupleElement();
    if (reader.hasMore()) {
      throw reader.malformed("trailing bytes after the value");
    }
    return value;
  }

  /** Compares two keys as unsigned bytes, a prefix first: the order of the encoded values. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** A growable byte buffer that writes key encodings without intermediate allocations. */
  static final class Writer {

    private byte[] buf;
    private int len;

    Writer(int capacity) {
      buf = new byte[Math.max(capacity, 8)];
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
      int needed = len + extra;
      if (needed > buf.length || needed < 0) {
        if (needed < 0) {
          throw new IllegalArgumentException("Key is too large to encode");
        }
        buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
      }
    }

    private void put(int b) {
      if (len == buf.length) {
        ensure(1);
      }
      buf[len++] = (byte) b;
    }

    void write(@Nullable ConvexValue value) {
      if (value == null) {
        put(MISSING_TAG);
      } else if (value instanceof ConvexString s) {
        writeString(s.value());
      } else if (value instanceof ConvexInt64 i) {
        writeInt64(i.value());
      } else if (value instanceof ConvexFloat64 f) {
        writeFloat64(f.value());
      } else if (value instanceof ConvexBoolean b) {
        put(b.value() ? TRUE_TAG : FALSE_TAG);
      } else if (value instanceof ConvexNull) {
        put(NULL_TAG);
      } else if (value instanceof ConvexBytes b) {
        writeBytes(b.raw());
      } else if (value instanceof ConvexArray a) {
        put(ARRAY_TAG);
        List<ConvexValue> elements = a.values();
        for (int i = 0, n = elements.size(); i < n; i++) {
          write(elements.get(i));
        }
        put(TERMINATOR);
      } else {
        put(OBJECT_TAG);
        for (Map.Entry<String, ConvexValue> field : ((ConvexObject) value).fields().entrySet()) {
          writeEscapedString(field.getKey());
          write(field.getValue());
        }
        put(TERMINATOR);
      }
    }

    private void writeInt64(long n) {
      if (n == 0) {
        put(ZERO_INT64_TAG);
        return;
      }
      int width = width(n);
      int tagDiff = Integer.numberOfTrailingZeros(width) + 1; // 1, 2, 3, 4 for 1, 2, 4, 8 bytes
      ensure(1 + width);
      buf[len++] = (byte) (n < 0 ? ZERO_INT64_TAG - tagDiff : ZERO_INT64_TAG + tagDiff);
      for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (n >>> shift);
      }
    }

    private void writeFloat64(double d) {
      long bits = Double.doubleToRawLongBits(d);
      bits = bits < 0 ? ~bits : bits | Long.MIN_VALUE;
      ensure(9);
      buf[len++] = FLOAT64_TAG;
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (bits >>> shift);
      }
    }

    private void writeString(String s) {
      put(STRING_TAG);
      writeEscapedString(s);
    }

    /** Writes the UTF-8 bytes of {@code s} with {@code 0x00} escaped, then the terminator. */
    private void writeEscapedString(String s) {
      int n = s.length();
      ensure(3 * n + 1); // at most three bytes per UTF-16 unit, escapes included
      byte[] b = buf;
      int p = len;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          b[p++] = (byte) c;
          if (c == 0) {
            b[p++] = (byte) ESCAPE;
          }
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
          throw new IllegalArgumentException("Unpaired surrogate at index " + i + " of a string");
        } else {
          b[p++] = (byte) (0xE0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      b[p++] = TERMINATOR;
      len = p;
    }

    private void writeBytes(byte[] bytes) {
      ensure(2 * bytes.length + 2);
      byte[] b = buf;
      int p = len;
      b[p++] = BYTES_TAG;
      for (byte x : bytes) {
        b[p++] = x;
        if (x == 0) {
          b[p++] = (byte) ESCAPE;
        }
      }
      b[p++] = TERMINATOR;
      len = p;
    }
  }

  /** The payload width in bytes (1, 2, 4 or 8) of a non-zero Int64. */
  static int width(long n) {
    if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
      return 1;
    }
    if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
      return 2;
    }
    if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
      return 4;
    }
    return 8;
  }

  /** A strict decoder of canonical key encodings. */
  private static final class Reader {

    private final byte[] key;
    private int pos;

    Reader(byte[] key) {
      this.key = key;
    }

    boolean hasMore() {
      return pos < key.length;
    }

    IllegalArgumentException malformed(String reason) {
      return new IllegalArgumentException("Malformed key at byte " + pos + ": " + reason);
    }

    private int next(String what) {
      if (pos >= key.length) {
        throw malformed("the key ends inside " + what);
      }
      return key[pos++] & 0xFF;
    }

    @Nullable ConvexValue readTupleElement() {
      int tag = next("a value");
      if (tag == MISSING_TAG) {
        return null;
      }
      return readValue(tag, 0);
    }

    private ConvexValue readValue(int tag, int depth) {
      switch (tag) {
        case NULL_TAG:
          return ConvexNull.INSTANCE;
        case ZERO_INT64_TAG:
          return new ConvexInt64(0);
        case FLOAT64_TAG: {
          long bits = readLong(8, false, "a Float64");
          bits = bits < 0 ? bits & Long.MAX_VALUE : ~bits;
          return new ConvexFloat64(Double.longBitsToDouble(bits));
        }
        case FALSE_TAG:
          return ConvexBoolean.FALSE;
        case TRUE_TAG:
          return ConvexBoolean.TRUE;
        case STRING_TAG:
          return new ConvexString(readEscapedString("a string"));
        case BYTES_TAG:
          return ConvexBytes.wrap(readEscapedBytes("bytes"));
        case ARRAY_TAG:
          return readArray(depth + 1);
        case OBJECT_TAG:
          return readObject(depth + 1);
        default:
          if (tag >= NEG_INT64_8_BYTE_TAG && tag <= POS_INT64_8_BYTE_TAG) {
            return readInt64(tag);
          }
          pos--;
          throw malformed(String.format("unknown or unsupported tag 0x%02X", tag)
              + (tag == MISSING_TAG ? " (missing is only allowed as a tuple element)" : ""));
      }
    }

    private ConvexInt64 readInt64(int tag) {
      int start = pos - 1;
      boolean negative = tag < ZERO_INT64_TAG;
      int width = 1 << (Math.abs(tag - ZERO_INT64_TAG) - 1);
      long n = readLong(width, negative, "an Int64");
      if (n == 0 || (n < 0) != negative || width(n) != width) {
        pos = start;
        throw malformed("Int64 " + n + " is not in its canonical form");
      }
      return new ConvexInt64(n);
    }

    private long readLong(int width, boolean signExtend, String what) {
      if (key.length - pos < width) {
        pos = key.length;
        throw malformed("the key ends inside " + what);
      }
      long n = signExtend ? -1L : 0L;
      for (int i = 0; i < width; i++) {
        n = (n << 8) | (key[pos++] & 0xFF);
      }
      return n;
    }

    private ConvexArray readArray(int depth) {
      checkDepth(depth);
      List<ConvexValue> elements = new ArrayList<>();
      while (true) {
        int tag = next("an array");
        if (tag == TERMINATOR) {
          return new ConvexArray(elements);
        }
        if (tag == MISSING_TAG) {
          pos--;
          throw malformed("a missing value inside an array");
        }
        elements.add(readValue(tag, depth));
      }
    }

    private ConvexObject readObject(int depth) {
      checkDepth(depth);
      TreeMap<String, ConvexValue> fields = new TreeMap<>();
      @Nullable String previous = null;
      while (true) {
        if (pos >= key.length) {
          throw malformed("the key ends inside an object");
        }
        if (key[pos] == TERMINATOR) {
          pos++;
          return new ConvexObject(fields);
        }
        int start = pos;
        String name = readEscapedString("a field name");
        String problem = FieldNames.problem(name);
        if (problem != null) {
          pos = start;
          throw malformed("invalid field name \"" + FieldNames.abbreviate(name) + "\": " + problem);
        }
        if (previous != null && previous.compareTo(name) >= 0) {
          pos = start;
          throw malformed("field \"" + name + "\" is out of order or repeated");
        }
        int tag = next("an object");
        if (tag == MISSING_TAG) {
          pos--;
          throw malformed("a missing value as the value of field \"" + name + "\"");
        }
        fields.put(name, readValue(tag, depth));
        previous = name;
      }
    }

    private void checkDepth(int depth) {
      if (depth > MAX_DECODE_NESTING) {
        throw malformed("values are nested more than " + MAX_DECODE_NESTING + " levels deep");
      }
    }

    private byte[] readEscapedBytes(String what) {
      int start = pos;
      int count = 0;
      int p = pos;
      while (true) {
        if (p >= key.length) {
          pos = key.length;
          throw malformed("the key ends inside " + what);
        }
        if (key[p] == TERMINATOR) {
          if (p + 1 < key.length && (key[p + 1] & 0xFF) == ESCAPE) {
            p += 2;
            count++;
            continue;
          }
          break;
        }
        p++;
        count++;
      }
      byte[] out = new byte[count];
      int o = 0;
      for (int i = start; i < p; i++) {
        out[o++] = key[i];
        if (key[i] == TERMINATOR) {
          i++; // skip the escape byte
        }
      }
      pos = p + 1;
      return out;
    }

    private String readEscapedString(String what) {
      int start = pos;
      byte[] utf8 = readEscapedBytes(what);
      try {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(utf8));
        return chars.toString();
      } catch (CharacterCodingException e) {
        pos = start;
        throw malformed(what + " is not valid UTF-8");
      }
    }
  }
}
