package dev.betterconvex.orm.value;

import java.util.Arrays;
import java.util.HexFormat;

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

  @Override
  public String typeName() {
    return "bytes";
  }

  @Override
  public boolean equals(Object other) {
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
