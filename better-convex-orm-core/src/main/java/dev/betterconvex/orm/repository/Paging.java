package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Window;

/**
 * Windows and slices of repository reads, over the ORM's cursor pagination. A window continues
 * from the keyset position of its last row (the cursor under the key {@code "cursor"}); a slice
 * is only ever the first page, since pages are addressed by cursor, never by offset.
 */
final class Paging {

  /** The page size when a call gives none: no {@code Limit}, {@code First}/{@code Top} or size. */
  static final int DEFAULT_PAGE_SIZE = 20;

  private Paging() {
  }

  /** The size of a page: {@code limited} when set, else {@code defaultPageSize}. */
  static int size(@Nullable Integer limited, int defaultPageSize) {
    return limited != null ? limited : defaultPageSize;
  }

  /** The {@code Limit} as a size, or null when unlimited. */
  static @Nullable Integer size(Limit limit) {
    return limit.isLimited() ? limit.max() : null;
  }

  /**
   * Reads the window at {@code position}.
   *
   * @throws InvalidDataAccessApiUsageException for a null or offset position, naming
   *     {@code description}
   */
  static <T> Window<T> window(FindQuery<T> query, @Nullable ScrollPosition position, int size,
      String description) {
    if (position == null) {
      throw new InvalidDataAccessApiUsageException(description + " was called with a null "
          + "ScrollPosition: start with ScrollPosition.keyset(), continue with "
          + "window.positionAt(window.size() - 1)");
    }
    if (!(position instanceof KeysetScrollPosition)) {
      throw new InvalidDataAccessApiUsageException(description + " was called with an offset "
          + "position: only keyset scrolling is supported (offsets would skip or repeat rows "
          + "while data changes). Start with ScrollPosition.keyset(), continue with "
          + "window.positionAt(window.size() - 1)");
    }
    return query.scroll(position, size);
  }

  /**
   * Reads the first slice of {@code size} rows; {@code pageable} (paged or not) is the request
   * the slice reports.
   *
   * @throws InvalidDataAccessApiUsageException for a page after the first, naming
   *     {@code description}
   */
  static <T> Slice<T> firstSlice(FindQuery<T> query, Pageable pageable, int size,
      String description) {
    if (pageable.isPaged() && pageable.getPageNumber() > 0) {
      throw new InvalidDataAccessApiUsageException(description + " was called for page "
          + pageable.getPageNumber() + ": a Slice is only ever the first page, since pages are "
          + "read by cursor, not by offset. To read further, declare the method returning "
          + "Window<T> with a ScrollPosition parameter and continue from "
          + "window.positionAt(window.size() - 1)");
    }
    PaginationResult<T> result = query.paginate(PaginationOptions.first(size));
    Pageable request = pageable.isPaged() ? pageable : PageRequest.of(0, size, pageable.getSort());
    return new SliceImpl<>(result.page(), request, !result.isDone());
  }
}
