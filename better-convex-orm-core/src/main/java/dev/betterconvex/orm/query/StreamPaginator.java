package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.InvalidCursorException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Pagination of a {@link QueryStream}: cursors hold the stream's shape and a position. */
final class StreamPaginator {

  private static final byte VERSION = 1;
  private static final byte POSITION = 1;
  private static final byte END = 2;

  private StreamPaginator() {
  }

  static <T> PaginationResult<T> paginate(QueryStream<T> stream, PaginationOptions options) {
    CursorCodec codec = stream.engine.cursors();
    byte[] fingerprint = fingerprint(stream.describe());
    Decoded from = decode(codec, fingerprint, options.cursor());
    Decoded end = decode(codec, fingerprint, options.endCursor());
    int budget = options.maximumRowsRead() != null ? options.maximumRowsRead()
        : stream.engine.settings().limits().maxDocumentsScanned();
    return stream.engine.query(db -> {
      Iterator<QueryStream.Item<T>> items = from != null && from.end()
          ? java.util.Collections.emptyIterator()
          : stream.open(db, from == null ? null : from.position(), false,
              end != null ? 256 : options.numItems());
      Iterator<PageFiller.Step<List<byte[]>, T>> steps = QueryStream.mapped(items, item ->
          new PageFiller.Step<>(item.position(), item.present(), item.value()));
      PageFiller.Filled<List<byte[]>, T> filled = PageFiller.fill(steps, options, end != null,
          position -> !end.end() && (stream.order == dev.betterconvex.orm.store.Order.ASC
              ? QueryStream.comparePositions(position, end.position()) > 0
              : QueryStream.comparePositions(position, end.position()) < 0),
          budget);
      String continueCursor = end != null ? options.endCursor()
          : encode(codec, fingerprint, filled.exhausted() ? null : filled.last());
      String split = filled.split() == null ? null
          : encode(codec, fingerprint, filled.split());
      return new PaginationResult<>(filled.page(), filled.exhausted(), continueCursor, split,
          filled.status());
    });
  }

  private record Decoded(@Nullable List<byte[]> position) {

    boolean end() {
      return position == null;
    }
  }

  private static String encode(CursorCodec codec, byte[] fingerprint,
      @Nullable List<byte[]> position) {
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

  private static @Nullable Decoded decode(CursorCodec codec, byte[] fingerprint,
      @Nullable String cursor) {
    if (cursor == null) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(codec.open(cursor));
    try {
      if (in.get() != VERSION) {
        throw new InvalidCursorException("Invalid cursor: unknown format");
      }
      byte[] theirs = new byte[fingerprint.length];
      in.get(theirs);
      if (!Arrays.equals(theirs, fingerprint)) {
        throw new InvalidCursorException("Invalid cursor: it belongs to another stream "
            + "(cursors are bound to the indexes and their fields, the ranges and order)");
      }
      byte kind = in.get();
      if (kind == END) {
        return new Decoded(null);
      }
      int parts = in.getInt();
      List<byte[]> position = new ArrayList<>();
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
    catch (RuntimeException ex) {
      if (ex instanceof InvalidCursorException invalid) {
        throw invalid;
      }
      throw new InvalidCursorException("Invalid cursor: malformed position");
    }
  }

  private static byte[] fingerprint(String shape) {
    try {
      return Arrays.copyOf(MessageDigest.getInstance("SHA-256")
          .digest(shape.getBytes(StandardCharsets.UTF_8)), 16);
    }
    catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is not available", ex);
    }
  }
}
