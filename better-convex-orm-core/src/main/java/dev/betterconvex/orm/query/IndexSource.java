package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.RangeDocument;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one index range, the source every plan probe and every {@link QueryStream} reads.
 * A row's position is its index key after the first {@code prefixLength} bytes: the equality
 * prefix when ranges with different equalities interleave in the order of the remaining
 * fields, 0 when the position is the whole key. Keys end with {@code _id}, so a position is
 * exact; it points at a key, not at a document, so it survives the deletion of that document.
 */
final class IndexSource extends Source<Document> {

  private final CursorCodec codec;
  private final IndexRange range;
  private final int prefixLength;
  private final int distinctFields;
  private final @Nullable Supplier<Predicate<Document>> allowed;

  /**
   * @param distinctFields when above 0, a loose index scan: the first row of each distinct
   *     combination of the next {@code distinctFields} fields after the range's equalities
   * @param allowed what row-level security lets through, bound once per read (rows it refuses
   *     are absent but advance cursors), or null
   */
  IndexSource(CursorCodec codec, IndexRange range, Order order, int prefixLength,
      int distinctFields, @Nullable Supplier<Predicate<Document>> allowed) {
    super(order);
    this.codec = codec;
    this.range = range;
    this.prefixLength = prefixLength;
    this.distinctFields = distinctFields;
    this.allowed = allowed;
  }

  /**
   * Returns the length of the key prefix that the equalities of {@code range} fix: the one rule
   * for the planner's probes, explicit index reads and streams.
   */
  static int equalityPrefixLength(IndexRange range) {
    return KeyEncoding.encodeTuple(range.expressions().subList(0, range.equalityCount()).stream()
        .map(IndexRange.Expression::value).toList()).length;
  }

  IndexSource distinct(int fields) {
    return new IndexSource(codec, range, order(), prefixLength, fields, allowed);
  }

  IndexSource allowing(Supplier<Predicate<Document>> allowed) {
    return new IndexSource(codec, range, order(), prefixLength, distinctFields, allowed);
  }

  IndexRange range() {
    return range;
  }

  /** Whether a position is the whole index key (then sources can be read one after another). */
  boolean positionsAreWholeKeys() {
    return prefixLength == 0;
  }

  @Override
  int depth() {
    return 1;
  }

  @Override
  Iterator<Item<Document>> open(DatabaseReader db, @Nullable List<byte[]> from,
      boolean inclusive, int expected) {
    byte[] prefix = Arrays.copyOf(range.startKey(), prefixLength);
    byte[] resume = null;
    if (from != null) {
      resume = inclusive ? concat(prefix, from.get(0)) : skipKey(prefix, from.get(0));
      if (!inclusive && passed(resume)) {
        return Collections.emptyIterator();
      }
    }
    boolean at = from != null && inclusive;
    Predicate<Document> visible = allowed == null ? null : allowed.get();
    if (distinctFields == 0) {
      return mapped(EngineInternals.of(db).scan(range, order(), resume, at, expected),
          row -> item(row.key(), row.document(), visible));
    }
    return new DistinctScan(db, prefix, resume, at, visible);
  }

  /** Whether {@link #openAll} can open this source together with others. */
  boolean plain() {
    return distinctFields == 0 && allowed == null;
  }

  /**
   * Opens plain sources ({@link #plain()}) of one index and one order from their starts, as
   * each one's {@link #open} would with {@code expected}, but with their first batches read in
   * one statement ({@code scanRanges}): a source whose first batch is full goes on with a scan
   * after its last key when it is read further.
   */
  static List<Iterator<Item<Document>>> openAll(DatabaseReader db, List<IndexSource> sources,
      int expected) {
    int batch = Math.max(1, expected);
    List<IndexRange> ranges = new ArrayList<>(sources.size());
    List<List<RangeDocument>> firsts = new ArrayList<>(sources.size());
    for (IndexSource source : sources) {
      ranges.add(source.range);
      firsts.add(new ArrayList<>());
    }
    for (RangeDocument row : EngineInternals.of(db).scanRanges(ranges, sources.get(0).order(),
        batch)) {
      firsts.get(row.range()).add(row);
    }
    List<Iterator<Item<Document>>> opened = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      opened.add(sources.get(i).continuing(db, firsts.get(i), batch));
    }
    return opened;
  }

  /** The rows of {@code first}, then, when that batch was full, the rows after its last key. */
  private Iterator<Item<Document>> continuing(DatabaseReader db, List<RangeDocument> first,
      int batch) {
    return new Iterator<>() {
      private int next;
      private @Nullable Iterator<Item<Document>> rest;

      @Override
      public boolean hasNext() {
        if (next < first.size()) {
          return true;
        }
        if (rest == null) {
          rest = first.size() < batch ? Collections.emptyIterator()
              : mapped(EngineInternals.of(db).scan(range, order(),
                  first.get(first.size() - 1).key(), batch),
                  row -> item(row.key(), row.document(), null));
        }
        return rest.hasNext();
      }

      @Override
      public Item<Document> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (next < first.size()) {
          RangeDocument row = first.get(next++);
          return item(row.key(), row.document(), null);
        }
        return Objects.requireNonNull(rest).next();
      }
    };
  }

  /** Whether every key of the range lies before {@code after} in the scan order. */
  private boolean passed(byte[] after) {
    if (order() == Order.ASC) {
      byte[] end = range.endKey();
      return end != null && Arrays.compareUnsigned(end, after) <= 0;
    }
    return Arrays.compareUnsigned(range.startKey(), after) >= 0;
  }

  private Item<Document> item(byte[] key, Document doc, @Nullable Predicate<Document> visible) {
    List<byte[]> position = List.of(Arrays.copyOfRange(key, prefixLength, key.length));
    return visible == null || visible.test(doc) ? new Item<>(doc, true, position)
        : new Item<>(null, false, position);
  }

  /** The key to resume after a position: past its whole group when the scan is distinct. */
  private byte[] skipKey(byte[] prefix, byte[] suffix) {
    byte[] key = suffix;
    if (distinctFields > 0) {
      List<@Nullable ConvexValue> values = KeyEncoding.decodeTuple(suffix);
      byte[] group = KeyEncoding.encodeTuple(values.subList(0, distinctFields));
      key = order() == Order.ASC ? Arrays.copyOf(group, group.length + 1) : group;
      if (order() == Order.ASC) {
        key[group.length] = (byte) 0xFF;
      }
    }
    return concat(prefix, key);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] full = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, full, a.length, b.length);
    return full;
  }

  @Override
  String describe() {
    return "index(" + codec.indexIdentity(range.table(), range.index().name()) + " "
        + Arrays.toString(range.startKey()) + ".." + Arrays.toString(range.endKey()) + " "
        + order() + " after " + prefixLength
        + (distinctFields > 0 ? " distinct " + distinctFields : "") + ")";
  }

  /** A loose index scan: one row per group, then a new range read past the group. */
  private final class DistinctScan implements Iterator<Item<Document>> {

    private final DatabaseReader db;
    private final byte[] prefix;
    private final @Nullable Predicate<Document> visible;
    private byte @Nullable [] next;
    private boolean nextInclusive;
    private @Nullable Item<Document> buffered;
    private boolean done;

    DistinctScan(DatabaseReader db, byte[] prefix, byte @Nullable [] first, boolean inclusive,
        @Nullable Predicate<Document> visible) {
      this.db = db;
      this.prefix = prefix;
      this.next = first;
      this.nextInclusive = inclusive;
      this.visible = visible;
    }

    @Override
    public boolean hasNext() {
      if (buffered == null && !done) {
        Iterator<IndexedDocument> scan = EngineInternals.of(db)
            .scan(range, order(), next, nextInclusive, 1);
        nextInclusive = false;
        if (!scan.hasNext()) {
          done = true;
        }
        else {
          IndexedDocument row = scan.next();
          Item<Document> item = item(row.key(), row.document(), visible);
          buffered = item;
          next = skipKey(prefix, item.position().get(0));
        }
      }
      return buffered != null;
    }

    @Override
    public Item<Document> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Item<Document> result = Objects.requireNonNull(buffered);
      buffered = null;
      return result;
    }
  }
}
