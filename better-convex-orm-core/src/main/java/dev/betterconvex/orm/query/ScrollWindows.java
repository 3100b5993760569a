package dev.betterconvex.orm.query;

import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/**
 * The Spring Data {@link Window} adapter of cursor pagination: a keyset position carries the
 * opaque cursor under the key {@code "cursor"}; only forward scrolling is supported.
 */
final class ScrollWindows {

  private ScrollWindows() {
  }

  /** Returns the window of {@code size} rows at {@code position}, read by {@code read}. */
  static <T> Window<T> window(ScrollPosition position, int size,
      Function<PaginationOptions, QueryRun.Paged<T>> read) {
    QueryRun.Paged<T> paged = read.apply(PaginationOptions.first(size).after(cursor(position)));
    return Window.from(paged.result().page(),
        i -> ScrollPosition.forward(Map.of("cursor", paged.cursors().apply(i))),
        !paged.result().isDone());
  }

  private static @Nullable String cursor(ScrollPosition position) {
    if (!(position instanceof KeysetScrollPosition keyset)) {
      throw new InvalidDataAccessApiUsageException("Only keyset scrolling is supported "
          + "(ScrollPosition.keyset()); offset scrolling would not stay stable while data "
          + "changes, got " + position);
    }
    if (keyset.scrollsBackward()) {
      throw new InvalidDataAccessApiUsageException("Backward scrolling is not supported: "
          + "cursors only move forward in the query's order (reverse the orderBy instead)");
    }
    Object value = keyset.getKeys().get("cursor");
    if (value != null && !(value instanceof String)) {
      throw new InvalidDataAccessApiUsageException("The keyset position's \"cursor\" must be "
          + "a cursor string, got " + value);
    }
    return (String) value;
  }
}
