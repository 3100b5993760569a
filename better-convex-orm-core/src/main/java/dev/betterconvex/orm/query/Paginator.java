package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.store.Order;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * Cursor pagination over a plan. A cursor holds a fingerprint of the plan and a position: the
 * part of the last index key read after its probe's equality prefix. Keys end with
 * {@code _id}, so a position is exact; it points at a key, not at a document, so it survives the
 * deletion of that document, and every probe resumes after it.
 */
final class Paginator {

  private static final byte VERSION = 1;
  private static final byte POSITION = 1;
  private static final byte END = 2;
  private static final int FINGERPRINT_BYTES = 16;

  /** A position in the merged order of a plan, or the end. */
  record Position(byte @Nullable [] suffix) {

    boolean isEnd() {
      return suffix == null;
    }
  }

  /** A row read while filling a page, with the position just after it. */
  record Read(Document document, byte[] suffix) {
  }

  private final QueryPlan plan;
  private final CursorCodec codec;
  private final byte[] fingerprint;

  Paginator(QueryPlan plan, CursorCodec codec) {
    this.plan = plan;
    this.codec = codec;
    this.fingerprint = fingerprint(plan, codec);
  }

  String cursor(Position position) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.writeBytes(fingerprint);
    if (position.isEnd()) {
      out.write(END);
    }
    else {
      out.write(POSITION);
      out.writeBytes(position.suffix());
    }
    return codec.seal(out.toByteArray());
  }

  /** Returns the position of a cursor of this query; null means the start. */
  @Nullable Position position(@Nullable String cursor) {
    if (cursor == null) {
      return null;
    }
    byte[] payload = codec.open(cursor);
    if (payload.length < 2 + FINGERPRINT_BYTES || payload[0] != VERSION) {
      throw new InvalidCursorException("Invalid cursor: unknown format");
    }
    byte[] theirs = Arrays.copyOfRange(payload, 1, 1 + FINGERPRINT_BYTES);
    if (!Arrays.equals(theirs, fingerprint)) {
      throw new InvalidCursorException("Invalid cursor: it belongs to another query (cursors are "
          + "bound to the table, the index and its fields, the ranges, order and filter they came "
          + "from)");
    }
    byte kind = payload[1 + FINGERPRINT_BYTES];
    if (kind == END) {
      return new Position(null);
    }
    if (kind != POSITION) {
      throw new InvalidCursorException("Invalid cursor: unknown position kind");
    }
    return new Position(Arrays.copyOfRange(payload, 2 + FINGERPRINT_BYTES, payload.length));
  }

  /** Reads the merged probes in order, resuming after {@code from}. */
  Iterator<Read> read(DatabaseReader db, @Nullable Position from, int expected) {
    if (from != null && from.isEnd() || plan.readsNothing()) {
      return java.util.Collections.emptyIterator();
    }
    Iterator<QueryExecutor.ProbeRow> merged = QueryExecutor.merge(plan, (probe, batch) -> {
      byte[] after = null;
      if (from != null) {
        byte[] prefix = Arrays.copyOf(probe.range().startKey(), probe.prefixLength());
        after = Arrays.copyOf(prefix, prefix.length + from.suffix().length);
        System.arraycopy(from.suffix(), 0, after, prefix.length, from.suffix().length);
        if (probe.prefixLength() == 0 && passed(probe.range(), after)) {
          return java.util.Collections.emptyIterator();
        }
      }
      return db.scan(probe.range(), plan.scanOrder(), after, batch);
    }, expected);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return merged.hasNext();
      }

      @Override
      public Read next() {
        QueryExecutor.ProbeRow row = merged.next();
        return new Read(row.row().document(), row.suffix());
      }
    };
  }

  /** Whether every key of {@code range} lies before {@code after} in the scan order. */
  private boolean passed(IndexRange range, byte[] after) {
    if (plan.scanOrder() == Order.ASC) {
      byte[] end = range.endKey();
      return end != null && Arrays.compareUnsigned(end, after) <= 0;
    }
    return Arrays.compareUnsigned(range.startKey(), after) >= 0;
  }

  /** Whether {@code suffix} lies beyond {@code end} in the plan's scan order. */
  boolean beyond(byte[] suffix, Position end) {
    if (end.isEnd()) {
      return false;
    }
    int c = Arrays.compareUnsigned(suffix, end.suffix());
    return plan.scanOrder() == Order.ASC ? c > 0 : c < 0;
  }

  private static byte[] fingerprint(QueryPlan plan, CursorCodec codec) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, codec.indexIdentity(plan.table(), plan.index()));
      update(digest, plan.scanOrder().name());
      for (QueryPlan.Probe probe : plan.probes()) {
        update(digest, probe.range().startKey());
        byte[] end = probe.range().endKey();
        update(digest, end == null ? new byte[] {(byte) 0xFF} : end);
        update(digest, Integer.toString(probe.prefixLength()));
      }
      update(digest, plan.postFilter().toString());
      update(digest, plan.orderBy().toString());
      return Arrays.copyOf(digest.digest(), FINGERPRINT_BYTES);
    }
    catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is not available", ex);
    }
  }

  private static void update(MessageDigest digest, String s) {
    update(digest, s.getBytes(StandardCharsets.UTF_8));
  }

  /** Length-prefixed, so that no two different field lists digest alike. */
  private static void update(MessageDigest digest, byte[] bytes) {
    digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
