package dev.betterconvex.orm.value;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Convex Bytes, compared as unsigned bytes. The array is copied in and out. */
public final class ConvexBytes implements ConvexValue {

  private final byte[] bytes;

  private ConvexBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Returns a value holding a copy of {@code bytes}. */
  public static ConvexBytes of(byte[] bytes) {
    return new ConvexBytes(bytes.clone());
  }

  /** Wraps {@code bytes} without copying; the caller must never change the array afterwards. */
  static ConvexBytes wrap(byte[] bytes) {
    return new ConvexBytes(bytes);
  }

  /** Returns a copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Returns the number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** Returns the byte at {@code index}. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** The bytes themselves, not copied: never change them. */
  byte[] raw() {
    return bytes;
  }

  int compareUnsigned(ConvexBytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String typeName() {
    return "bytes";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ConvexBytes b && Arrays.equals(b.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "bytes(" + HexFormat.of().formatHex(bytes) + ")";
  }
}
