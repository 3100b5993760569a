package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Window;
import org.springframework.data.support.PageableExecutionUtils;

/**
 * Windows, slices and pages of repository reads. A window continues from the keyset position of
 * its last row (the cursor under the key {@code "cursor"}); a slice is only ever the first page,
 * read by cursor; a page is read by offset with its total count, in one snapshot.
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

  /**
   * Reads the page {@code pageable} asks for by offset and, unless the content shows the total
   * (a short page, or the whole result on the first), counts every match, both in one snapshot.
   * The offset's skipped rows and every counted row are read, so the transaction limits bound
   * {@code offset + size} and the number of matches. An unpaged request reads every match, or
   * fails as {@link ReadAll#rows} does, naming {@code description} and {@code paging}.
   *
   * @param query the query of the matches, in the page's order
   * @param total counts every match
   */
  static <T> Page<T> page(ConvexEngine engine, Pageable pageable, Supplier<FindQuery<T>> query,
      String description, String paging, LongSupplier total) {
    return engine.query(db -> {
      if (pageable.isUnpaged()) {
        List<T> rows = ReadAll.rows(query.get(), description, paging);
        return new PageImpl<>(rows, pageable, rows.size());
      }
      List<T> rows = query.get().offset(Math.toIntExact(pageable.getOffset()))
          .limit(pageable.getPageSize()).findMany();
      return PageableExecutionUtils.getPage(rows, pageable, total);
    });
  }
}
