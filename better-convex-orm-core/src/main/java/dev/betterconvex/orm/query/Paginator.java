package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.EngineInternals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one paginator of every positioned read, queries and streams alike, with Convex's rules:
 * rows that a filter or policy drops are read and still advance the position; a page stops at
 * {@code numItems} rows, at its {@code endCursor} (then it is everything up to it, whatever its
 * size, and its continue cursor is that end cursor), at the end of the read, or when
 * {@code maximumRowsRead} rows were read ({@link PageStatus#SPLIT_REQUIRED}); past three
 * quarters of the read budget a split is recommended, with a cursor in the middle of what was
 * read. The cursors are decoded when the paginator is made, before anything is read.
 *
 * @param <T> the row type
 */
final class Paginator<T> {

  private final Source<T> source;
  private final PaginationOptions options;
  private final CursorFormat format;
  private final CursorFormat.@Nullable Decoded from;
  private final CursorFormat.@Nullable Decoded end;
  private final int budget;

  /**
   * @throws dev.betterconvex.orm.store.InvalidCursorException when a cursor of the options was
   *     altered, is truncated, is of an older format or belongs to another source
   */
  Paginator(ConvexEngine engine, Source<T> source, PaginationOptions options, String owner) {
    this.source = source;
    this.options = options;
    this.format = new CursorFormat(EngineInternals.cursors(engine), source.describe(), owner);
    this.from = format.open(options.cursor());
    this.end = format.open(options.endCursor());
    this.budget = options.maximumRowsRead() != null ? options.maximumRowsRead()
        : engine.settings().limits().maxDocumentsScanned();
  }

  Paginator(ConvexEngine engine, Source<T> source, PaginationOptions options) {
    this(engine, source, options, "stream");
  }

  /** Reads one page inside the transaction of {@code db}. */
  Page<T> page(DatabaseReader db) {
    CursorFormat.Decoded start = from;
    CursorFormat.Decoded stop = end;
    Iterator<Source.Item<T>> items = start != null && start.end()
        ? Collections.emptyIterator()
        : source.open(db, start == null ? null : start.position(), false,
            stop != null ? 256 : options.numItems());
    List<T> rows = new ArrayList<>();
    List<List<byte[]>> rowPositions = new ArrayList<>();
    List<List<byte[]>> positions = new ArrayList<>();
    boolean exhausted = false;
    boolean hitMaximum = false;
    while (stop != null || rows.size() < options.numItems()) {
      if (options.maximumRowsRead() != null && positions.size() >= options.maximumRowsRead()) {
        hitMaximum = true;
        break;
      }
      if (!items.hasNext()) {
        exhausted = true;
        break;
      }
      Source.Item<T> item = items.next();
      if (stop != null && beyond(item.position(), stop)) {
        break;
      }
      positions.add(item.position());
      if (item.present()) {
        rows.add(item.value());
        rowPositions.add(item.position());
      }
    }
    PageStatus status = hitMaximum && !exhausted ? PageStatus.SPLIT_REQUIRED
        : positions.size() > budget * 3L / 4 ? PageStatus.SPLIT_RECOMMENDED : null;
    String split = status == null || positions.isEmpty() ? null
        : format.seal(positions.get(Math.max(0, positions.size() / 2 - 1)));
    String endCursor = options.endCursor(); // set exactly when stop is
    String continueCursor = stop != null && endCursor != null ? endCursor
        : format.seal(exhausted || positions.isEmpty() ? null
            : positions.get(positions.size() - 1));
    return new Page<>(rows, rowPositions, exhausted, continueCursor, split, status, format);
  }

  /** Whether {@code position} lies past the end cursor in the source's order. */
  private boolean beyond(List<byte[]> position, CursorFormat.Decoded stop) {
    List<byte[]> last = stop.position();
    return last != null && source.compareInOrder(position, last) > 0;
  }
}
