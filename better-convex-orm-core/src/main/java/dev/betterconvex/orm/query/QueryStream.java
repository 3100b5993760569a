package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An ordered, lazy stream of rows over index ranges, in the spirit of convex-helpers
 * {@code stream}: start from {@link ConvexOrm#stream}, combine with {@link #merge},
 * {@link #filter}, {@link #map}, {@link #flatMap} and {@link IndexStream#distinct}, then
 * {@link #take}, {@link #collect} or {@link #paginate} with the same cursor guarantees as
 * {@code findMany}: every row has a position (its index key, and for {@code flatMap} the outer
 * key followed by the inner one), rows a filter drops still advance the cursor, and a cursor
 * resumes every merged stream exactly.
 *
 * @param <T> the row type
 */
public abstract class QueryStream<T> {

  final ConvexEngine engine;
  final Order order;

  QueryStream(ConvexEngine engine, Order order) {
    this.engine = engine;
    this.order = order;
  }

  /**
   * One row read: its value (absent when a filter dropped it), and its position.
   *
   * @param value the row, or null when dropped
   * @param present whether the row passed every filter
   * @param position the key parts, one per nesting level
   */
  record Item<T>(@Nullable T value, boolean present, List<byte[]> position) {
  }

  /**
   * Opens the stream at a position: after it, or at it when {@code inclusive} (null: from the
   * start).
   */
  abstract Iterator<Item<T>> open(DatabaseReader db, @Nullable List<byte[]> from,
      boolean inclusive, int expected);

  /** How many key parts a position of this stream has. */
  abstract int depth();

  /** A description of the stream's shape, which binds its cursors. */
  abstract String describe();

  /** Returns the direction of the stream. */
  public Order order() {
    return order;
  }

  /**
   * Merges streams of one direction by position: for index streams, the index key after the
   * range's equality prefix, so ranges of one index with different equalities interleave in the
   * order of the remaining fields.
   */
  @SafeVarargs
  public static <T> QueryStream<T> merge(QueryStream<T>... streams) {
    if (streams.length == 0) {
      throw new IllegalArgumentException("merge needs at least one stream");
    }
    for (QueryStream<T> s : streams) {
      if (s.order != streams[0].order) {
        throw new IllegalArgumentException("merged streams must share one order; got "
            + s.order + " and " + streams[0].order);
      }
    }
    return new Merged<>(List.of(streams));
  }

  /** Keeps rows matching {@code predicate}; dropped rows still advance cursors. */
  public QueryStream<T> filter(Predicate<? super T> predicate) {
    QueryStream<T> source = this;
    return new QueryStream<>(engine, order) {
      @Override
      Iterator<Item<T>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
          int expected) {
        Iterator<Item<T>> inner = source.open(db, from, inclusive, expected);
        return mapped(inner, item -> item.present() && !predicate.test(item.value())
            ? new Item<>(null, false, item.position()) : item);
      }

      @Override
      int depth() {
        return source.depth();
      }

      @Override
      String describe() {
        return "filter(" + source.describe() + ")";
      }
    };
  }

  /** Transforms every row; positions are unchanged. */
  public <U> QueryStream<U> map(Function<? super T, ? extends U> mapper) {
    QueryStream<T> source = this;
    return new QueryStream<>(engine, order) {
      @Override
      Iterator<Item<U>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
          int expected) {
        return mapped(source.open(db, from, inclusive, expected), item -> item.present()
            ? new Item<>(mapper.apply(item.value()), true, item.position())
            : new Item<>(null, false, item.position()));
      }

      @Override
      int depth() {
        return source.depth();
      }

      @Override
      String describe() {
        return "map(" + source.describe() + ")";
      }
    };
  }

  /**
   * Replaces every row with the rows of the stream {@code inner} makes for it, in order; the
   * position of an inner row is the outer position followed by the inner one.
   */
  public <U> QueryStream<U> flatMap(Function<? super T, QueryStream<U>> inner) {
    return new FlatMapped<>(this, inner);
  }

  /** Returns the first {@code n} rows; call inside a transaction or not, like {@code findMany}. */
  public List<T> take(int n) {
    return engine.query(db -> {
      List<T> result = new ArrayList<>();
      Iterator<Item<T>> it = open(db, null, false, n);
      while (result.size() < n && it.hasNext()) {
        Item<T> item = it.next();
        if (item.present()) {
          result.add(item.value());
        }
      }
      return result;
    });
  }

  /** Returns every row; the transaction limits bound it. */
  public List<T> collect() {
    return take(Integer.MAX_VALUE);
  }

  /** Returns one page of the stream, in Convex's shape, with a cursor bound to its shape. */
  public PaginationResult<T> paginate(PaginationOptions options) {
    return StreamPaginator.paginate(this, options);
  }

  static <A, B> Iterator<B> mapped(Iterator<A> source, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public B next() {
        return f.apply(source.next());
      }
    };
  }

  static int comparePositions(List<byte[]> a, List<byte[]> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Arrays.compareUnsigned(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** A stream over one index range; the source of every other stream. */
  public static final class IndexStream extends QueryStream<Document> {

    private final IndexRange range;
    private final int prefixLength;
    private final int distinctFields;
    private final @Nullable Supplier<Predicate<Document>> allowed;

    IndexStream(ConvexEngine engine, IndexRange range, Order order, int distinctFields) {
      this(engine, range, order, distinctFields, null);
    }

    /** The same stream, dropping the rows row-level security refuses (they advance cursors). */
    IndexStream(IndexStream base, Supplier<Predicate<Document>> allowed) {
      this(base.engine, base.range, base.order, base.distinctFields, allowed);
    }

    private IndexStream(ConvexEngine engine, IndexRange range, Order order, int distinctFields,
        @Nullable Supplier<Predicate<Document>> allowed) {
      super(engine, order);
      this.range = range;
      this.prefixLength = KeyEncoding.encodeTuple(
          range.expressions().subList(0, range.equalityCount()).stream()
              .map(IndexRange.Expression::value).toList()).length;
      this.distinctFields = distinctFields;
      this.allowed = allowed;
    }

    /**
     * A loose index scan: keeps the first row of each distinct combination of the next
     * {@code fields} index fields after the range's equalities, and skips the rest of the
     * group with a new range read instead of reading it.
     */
    public IndexStream distinct(int fields) {
      int available = range.index().keyFields().size() - range.equalityCount();
      if (fields < 1 || fields > available) {
        throw new IllegalArgumentException("distinct over " + fields + " fields of index "
            + range.table() + "." + range.index().name() + " after " + range.equalityCount()
            + " equalities: choose 1 to " + available);
      }
      return new IndexStream(engine, range, order, fields, allowed);
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
      }
      boolean at = from != null && inclusive;
      Predicate<Document> visible = allowed == null ? null : allowed.get();
      if (distinctFields == 0) {
        return mapped(db.scan(range, order, resume, at, expected),
            row -> item(row.key(), row.document(), visible));
      }
      byte[] first = resume;
      return new Iterator<>() {
        private byte @Nullable [] next = first;
        private boolean nextInclusive = at;
        private @Nullable Item<Document> buffered;
        private boolean done;

        @Override
        public boolean hasNext() {
          if (buffered == null && !done) {
            Iterator<IndexedDocument> scan =
                db.scan(range, order, next, nextInclusive, 1);
            nextInclusive = false;
            if (!scan.hasNext()) {
              done = true;
            }
            else {
              IndexedDocument row = scan.next();
              buffered = item(row.key(), row.document(), visible);
              next = skipKey(prefix, buffered.position().get(0));
            }
          }
          return buffered != null;
        }

        @Override
        public Item<Document> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Item<Document> result = buffered;
          buffered = null;
          return result;
        }
      };
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
        byte[] group = KeyEncoding.encodeTuple(
            values.subList(0, distinctFields));
        key = order == Order.ASC ? Arrays.copyOf(group, group.length + 1) : group;
        if (order == Order.ASC) {
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
      return "index(" + engine.cursors().indexIdentity(range.table(), range.index().name()) + " "
          + Arrays.toString(range.startKey()) + ".." + Arrays.toString(range.endKey()) + " "
          + order + (distinctFields > 0 ? " distinct " + distinctFields : "") + ")";
    }
  }

  private static final class Merged<T> extends QueryStream<T> {

    private final List<QueryStream<T>> streams;

    Merged(List<QueryStream<T>> streams) {
      super(streams.get(0).engine, streams.get(0).order);
      for (QueryStream<T> s : streams) {
        if (s.depth() != streams.get(0).depth()) {
          throw new IllegalArgumentException("merged streams must have positions of one shape");
        }
      }
      this.streams = streams;
    }

    @Override
    int depth() {
      return streams.get(0).depth();
    }

    @Override
    Iterator<Item<T>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
        int expected) {
      List<Iterator<Item<T>>> sources = new ArrayList<>();
      for (QueryStream<T> s : streams) {
        sources.add(s.open(db, from, inclusive, expected));
      }
      java.util.Comparator<Item<T>> byPosition = (a, b) -> comparePositions(a.position(),
          b.position());
      java.util.Comparator<Item<T>> directed = order == Order.ASC ? byPosition
          : byPosition.reversed();
      List<Item<T>> heads = new ArrayList<>();
      for (Iterator<Item<T>> s : sources) {
        heads.add(s.hasNext() ? s.next() : null);
      }
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return heads.stream().anyMatch(java.util.Objects::nonNull);
        }

        @Override
        public Item<T> next() {
          int best = -1;
          for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i) != null && (best < 0
                || directed.compare(heads.get(i), heads.get(best)) < 0)) {
              best = i;
            }
          }
          if (best < 0) {
            throw new NoSuchElementException();
          }
          Item<T> result = heads.get(best);
          heads.set(best, sources.get(best).hasNext() ? sources.get(best).next() : null);
          return result;
        }
      };
    }

    @Override
    String describe() {
      return "merge(" + streams.stream().map(QueryStream::describe).toList() + ")";
    }
  }

  private static final class FlatMapped<T, U> extends QueryStream<U> {

    private final QueryStream<T> outer;
    private final Function<? super T, QueryStream<U>> inner;

    FlatMapped(QueryStream<T> outer, Function<? super T, QueryStream<U>> inner) {
      super(outer.engine, outer.order);
      this.outer = outer;
      this.inner = inner;
    }

    @Override
    int depth() {
      return outer.depth() + 1;
    }

    @Override
    String describe() {
      return "flatMap(" + outer.describe() + ")";
    }

    @Override
    Iterator<Item<U>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
        int expected) {
      int outerDepth = outer.depth();
      List<byte[]> outerFrom = from == null ? null : from.subList(0, outerDepth);
      List<byte[]> innerFrom = from == null || from.size() <= outerDepth ? null
          : from.subList(outerDepth, from.size());
      Iterator<Item<T>> outers = outer.open(db, outerFrom, from != null, expected);
      return new Iterator<>() {
        private @Nullable Iterator<Item<U>> current;
        private List<byte[]> currentPosition = List.of();
        private boolean first = true;
        private @Nullable Item<U> buffered;

        @Override
        public boolean hasNext() {
          while (buffered == null) {
            if (current != null && current.hasNext()) {
              Item<U> item = current.next();
              List<byte[]> position = new ArrayList<>(currentPosition);
              position.addAll(item.position());
              buffered = new Item<>(item.value(), item.present(), position);
              continue;
            }
            if (!outers.hasNext()) {
              return false;
            }
            Item<T> next = outers.next();
            boolean resuming = first && outerFrom != null
                && comparePositions(next.position(), outerFrom) == 0;
            first = false;
            currentPosition = next.position();
            if (!next.present()) {
              // A dropped outer row still advances the cursor past everything under it.
              current = null;
              buffered = new Item<>(null, false, next.position());
              continue;
            }
            QueryStream<U> stream = inner.apply(next.value());
            if (resuming && innerFrom == null && !inclusive) {
              current = null;
              continue;
            }
            current = resuming ? stream.open(db, innerFrom, inclusive, expected)
                : stream.open(db, null, false, expected);
          }
          return true;
        }

        @Override
        public Item<U> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Item<U> result = buffered;
          buffered = null;
          return result;
        }
      };
    }
  }
}
