package dev.betterconvex.orm.query;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one page type of the paginator: the rows read, where each of them is, and Convex's page
 * fields. {@link #result} gives the public {@link PaginationResult}; {@link #cursorAt} the
 * cursor just after one row (for Spring Data {@code Window} positions), sealed only when asked.
 *
 * @param <T> the row type
 */
record Page<T>(List<T> rows, List<List<byte[]>> rowPositions, boolean isDone,
    String continueCursor, @Nullable String splitCursor, @Nullable PageStatus status,
    CursorFormat format) {

  /** Returns the page in Convex's shape. */
  PaginationResult<T> result() {
    return new PaginationResult<>(rows, isDone, continueCursor, splitCursor, status);
  }

  /** Returns the page in Convex's shape, its rows turned by {@code convert} (in one call). */
  <U> PaginationResult<U> result(Function<List<T>, List<U>> convert) {
    return new PaginationResult<>(convert.apply(rows), isDone, continueCursor, splitCursor,
        status);
  }

  /** Returns the cursor that resumes right after row {@code i} of the page. */
  String cursorAt(int i) {
    return format.seal(rowPositions.get(i));
  }
}
