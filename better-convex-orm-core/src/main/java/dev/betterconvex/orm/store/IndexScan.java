package dev.betterconvex.orm.store;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A lazy read of one index range in key order or reversed: documents are fetched in batches
 * (the first as large as the caller expects to need, then doubling up to 256) only as the
 * iterator advances. Every fetched document counts against the transaction limits. A scan may
 * first skip documents: the first batch then skips them in the database, and they count as read.
 */
final class IndexScan implements Iterator<IndexedDocument> {

  private static final int MAX_BATCH = 256;

  private final JdbcDatabase database;
  private final TableRegistry.TableInfo table;
  private final TableRegistry.IndexInfo index;
  private final Order order;
  private byte[] start;
  private byte @Nullable [] end;
  private int batch;
  private boolean exhausted;
  private int skip;
  private final ArrayDeque<IndexedDocument> buffer = new ArrayDeque<>();

  IndexScan(JdbcDatabase database, TableRegistry.TableInfo table, TableRegistry.IndexInfo index,
      IndexRange range, Order order, byte @Nullable [] after, int firstBatch,
      byte @Nullable [] startAt) {
    this(database, table, index, range, order, after, firstBatch, startAt, 0);
  }

  IndexScan(JdbcDatabase database, TableRegistry.TableInfo table, TableRegistry.IndexInfo index,
      IndexRange range, Order order, byte @Nullable [] after, int firstBatch,
      byte @Nullable [] startAt, int skip) {
    this.skip = skip;
    this.database = database;
    this.table = table;
    this.index = index;
    this.order = order;
    this.start = range.start();
    this.end = range.end();
    this.batch = Math.max(1, Math.min(firstBatch, MAX_BATCH));
    if (startAt != null && Arrays.compareUnsigned(startAt, start) > 0) {
      start = startAt;
    }
    if (after != null) {
      if (order == Order.ASC) {
        byte[] next = Arrays.copyOf(after, after.length + 1);
        if (Arrays.compareUnsigned(next, start) > 0) {
          start = next;
        }
      }
      else if (end == null || Arrays.compareUnsigned(after, end) < 0) {
        end = after;
      }
    }
    exhausted = range.isEmpty() || (end != null && Arrays.compareUnsigned(start, end) >= 0);
    database.runInTransaction(table.name(), (c, state) -> state.countIndexRange(table.name()));
  }

  @Override
  public boolean hasNext() {
    if (buffer.isEmpty() && !exhausted) {
      fetch();
    }
    return !buffer.isEmpty();
  }

  @Override
  public IndexedDocument next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.removeFirst();
  }

  private void fetch() {
    int size = batch;
    int skipping = skip;
    skip = 0;
    List<JdbcDocumentStore.ScannedDocument> rows = database.inTransaction(table.name(),
        (c, state) -> {
          List<JdbcDocumentStore.ScannedDocument> read;
          if (skipping > 0) {
            JdbcDocumentStore.SkippedPage page = database.engine().store().scanSkipping(c,
                table.physical(), index, start, end, order, skipping, size);
            state.countReads(table.name(), page.skipped(), page.skippedBytes());
            read = page.page();
          }
          else {
            read = database.engine().store().scan(c, table.physical(), index, start, end, order,
                size);
          }
          for (JdbcDocumentStore.ScannedDocument row : read) {
            state.countRead(table.name(), row.bytes());
          }
          return read;
        });
    for (JdbcDocumentStore.ScannedDocument row : rows) {
      buffer.addLast(new IndexedDocument(row.key(), row.document()));
    }
    if (rows.size() < size) {
      exhausted = true;
      return;
    }
    byte[] last = rows.get(rows.size() - 1).key();
    if (order == Order.ASC) {
      start = Arrays.copyOf(last, last.length + 1);
    }
    else {
      end = last;
    }
    batch = Math.min(batch * 2, MAX_BATCH);
  }
}
