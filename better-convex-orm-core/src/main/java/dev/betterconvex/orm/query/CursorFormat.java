package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.InvalidCursorException;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one cursor format of every positioned read, queries and streams alike: a version byte,
 * a fingerprint (the first 16 bytes of the SHA-256 of the source's description, so a cursor is
 * bound to the table, the index and its fields, the ranges, the order and the filter it came
 * from), then the end marker or a position (its key parts, each length-prefixed), sealed by the
 * engine's {@link CursorCodec}. Version 1 (a query and a stream format of their own) is refused.
 */
final class CursorFormat {

  /** The format version; bump it whenever the payload or the fingerprint rule changes. */
  static final byte VERSION = 2;
  private static final byte POSITION = 1;
  private static final byte END = 2;
  private static final int FINGERPRINT_BYTES = 16;
  /** One SHA-256 per thread: looking the algorithm up costs more than hashing a description. */
  private static final ThreadLocal<MessageDigest> DIGESTS =
      ThreadLocal.withInitial(CursorFormat::sha256);

  private final CursorCodec codec;
  private final byte[] fingerprint;
  private final String owner;

  /**
   * @param shape the description of the source the cursors resume
   * @param owner what the source is to its user ("query", "stream"), for the error text
   */
  CursorFormat(CursorCodec codec, String shape, String owner) {
    this.codec = codec;
    this.fingerprint = fingerprint(shape);
    this.owner = owner;
  }

  /** A decoded cursor: a position, or the end of the read ({@code position} null). */
  record Decoded(@Nullable List<byte[]> position) {

    boolean end() {
      return position == null;
    }
  }

  /** Returns the cursor of {@code position}; null is the end of the read. */
  String seal(@Nullable List<byte[]> position) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.writeBytes(fingerprint);
    if (position == null) {
      out.write(END);
    }
    else {
      out.write(POSITION);
      out.writeBytes(ByteBuffer.allocate(4).putInt(position.size()).array());
      for (byte[] part : position) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
        out.writeBytes(part);
      }
    }
    return codec.seal(out.toByteArray());
  }

  /**
   * Returns what {@code cursor} says, or null when there is none (the start).
   *
   * @throws InvalidCursorException when the cursor was altered, is truncated, is of another
   *     format version or belongs to another source
   */
  @Nullable Decoded open(@Nullable String cursor) {
    if (cursor == null) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(codec.open(cursor));
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new InvalidCursorException("Invalid cursor: format version " + version
            + (version > 0 && version < VERSION ? " was issued before an upgrade and is no "
                + "longer read (this version reads " + VERSION + "); start again from the "
                + "first page" : " is unknown (this version reads " + VERSION + ")"));
      }
      byte[] theirs = new byte[FINGERPRINT_BYTES];
      in.get(theirs);
      if (!Arrays.equals(theirs, fingerprint)) {
        throw new InvalidCursorException("Invalid cursor: it belongs to another " + owner
            + " (cursors are bound to the table, the index and its fields, the ranges, the "
            + "order and the filter they came from)");
      }
      byte kind = in.get();
      if (kind == END && !in.hasRemaining()) {
        return new Decoded(null);
      }
      if (kind != POSITION) {
        throw new InvalidCursorException("Invalid cursor: unknown position kind");
      }
      int parts = in.getInt();
      if (parts < 0 || parts > in.remaining()) {
        throw new InvalidCursorException("Invalid cursor: malformed position");
      }
      List<byte[]> position = new ArrayList<>(parts);
      for (int i = 0; i < parts; i++) {
        byte[] part = new byte[in.getInt()];
        in.get(part);
        position.add(part);
      }
      if (in.hasRemaining()) {
        throw new InvalidCursorException("Invalid cursor: trailing bytes");
      }
      return new Decoded(position);
    }
    catch (BufferUnderflowException | NegativeArraySizeException ex) {
      throw new InvalidCursorException("Invalid cursor: malformed position");
    }
  }

  private static byte[] fingerprint(String shape) {
    // digest resets the digest for the next shape
    return Arrays.copyOf(DIGESTS.get().digest(shape.getBytes(StandardCharsets.UTF_8)),
        FINGERPRINT_BYTES);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    }
    catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is not available", ex);
    }
  }
}
