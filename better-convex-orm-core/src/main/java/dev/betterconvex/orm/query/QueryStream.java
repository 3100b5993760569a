package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.lang.CheckReturnValue;

/**
 * An ordered, lazy stream of rows over index ranges, in the spirit of convex-helpers
 * {@code stream}: start from {@link ConvexOrm#stream}, combine with {@link #merge},
 * {@link #filter}, {@link #map}, {@link #flatMap} and {@link IndexStream#distinct}, then
 * {@link #take}, {@link #collect} or {@link #paginate} with the same cursor guarantees as
 * {@code findMany}: every row has a position (its index key, and for {@code flatMap} the outer
 * key followed by the inner one), rows a filter drops still advance the cursor, and a cursor
 * resumes every merged stream exactly. Streams and queries read, merge and page on one engine.
 *
 * <p>A stream is immutable and every method's result must be used ({@code @CheckReturnValue}).
 *
 * @param <T> the row type
 */
@CheckReturnValue
public class QueryStream<T> {

  final ConvexEngine engine;
  final Source<T> source;

  QueryStream(ConvexEngine engine, Source<T> source) {
    this.engine = engine;
    this.source = source;
  }

  /** Returns the direction of the stream. */
  public Order order() {
    return source.order();
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
    List<Source<T>> sources = new ArrayList<>();
    for (QueryStream<T> s : streams) {
      sources.add(s.source);
    }
    return new QueryStream<>(streams[0].engine,
        new MergedSource<>(sources, streams[0].order(), () -> ""));
  }

  /** Keeps rows matching {@code predicate}; dropped rows still advance cursors. */
  public QueryStream<T> filter(Predicate<? super T> predicate) {
    return new QueryStream<>(engine, source.mapItems(item -> item.present()
        && !predicate.test(item.value()) ? new Source.Item<>(null, false, item.position())
        : item, () -> "filter"));
  }

  /** Transforms every row; positions are unchanged. */
  public <U> QueryStream<U> map(Function<? super T, ? extends U> mapper) {
    return new QueryStream<>(engine, source.<U>mapItems(item -> item.present()
        ? new Source.Item<>(mapper.apply(item.value()), true, item.position())
        : new Source.Item<>(null, false, item.position()), () -> "map"));
  }

  /**
   * Replaces every row with the rows of the stream {@code inner} makes for it, in order; the
   * position of an inner row is the outer position followed by the inner one.
   */
  public <U> QueryStream<U> flatMap(Function<? super T, QueryStream<U>> inner) {
    return new QueryStream<>(engine,
        new FlatMappedSource<T, U>(source, value -> inner.apply(value).source));
  }

  /** Returns the first {@code n} rows; call inside a transaction or not, like {@code findMany}. */
  public List<T> take(int n) {
    return engine.query(db -> {
      List<T> result = new ArrayList<>();
      Iterator<Source.Item<T>> it = source.open(db, null, false, n);
      while (result.size() < n && it.hasNext()) {
        Source.Item<T> item = it.next();
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
    Paginator<T> paginator = new Paginator<>(engine, source, options);
    return engine.query(db -> paginator.page(db).result());
  }

  /** A stream over one index range; the source of every other stream. */
  public static final class IndexStream extends QueryStream<Document> {

    private final IndexSource index;

    IndexStream(ConvexEngine engine, IndexSource index) {
      super(engine, index);
      this.index = index;
    }

    /** The same stream, dropping the rows row-level security refuses (they advance cursors). */
    IndexStream allowing(Supplier<Predicate<Document>> allowed) {
      return new IndexStream(engine, index.allowing(allowed));
    }

    /**
     * A loose index scan: keeps the first row of each distinct combination of the next
     * {@code fields} index fields after the range's equalities, and skips the rest of the
     * group with a new range read instead of reading it.
     */
    public IndexStream distinct(int fields) {
      IndexRange range = index.range();
      int available = range.index().keyFields().size() - range.equalityCount();
      if (fields < 1 || fields > available) {
        throw new IllegalArgumentException("distinct over " + fields + " fields of index "
            + range.table() + "." + range.index().name() + " after " + range.equalityCount()
            + " equalities: choose 1 to " + available);
      }
      return new IndexStream(engine, index.distinct(fields));
    }
  }
}
