package dev.betterconvex.orm.query;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;

/**
 * One page, in Convex's shape.
 *
 * @param page the rows
 * @param isDone whether the read reached the end of the query
 * @param continueCursor the cursor of the next page (also when done: it then reads nothing)
 * @param splitCursor a cursor in the middle of what this page read, when a split is suggested
 * @param pageStatus why a split is suggested or required, or null
 * @param <T> the row type
 */
public record PaginationResult<T>(List<T> page, boolean isDone, String continueCursor,
    @Nullable String splitCursor, @Nullable PageStatus pageStatus) {

  /** Copies the page. */
  public PaginationResult {
    page = List.copyOf(page);
  }

  /** Returns the same page with its rows mapped. */
  public <U> PaginationResult<U> map(Function<? super T, ? extends U> mapper) {
    return new PaginationResult<>(page.stream().<U>map(mapper).toList(), isDone, continueCursor,
        splitCursor, pageStatus);
  }

  /**
   * Returns the page as a Spring Data {@link Slice}; {@code hasNext()} is {@code !isDone}. Use
   * {@link #continueCursor()} for the next slice: slices here are never addressed by offset.
   */
  public Slice<T> toSlice() {
    return new SliceImpl<>(page, Pageable.ofSize(Math.max(1, page.size())), !isDone);
  }
}
