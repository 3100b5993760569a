package dev.betterconvex.orm.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Fills one page from an ordered, lazy read of positioned rows: the one place that applies
 * Convex's pagination rules for queries and streams alike. Rows that a filter or policy drops
 * are read and still advance the position; a page stops at {@code numItems} rows, at its
 * {@code endCursor}, at the end of the read, or when {@code maximumRowsRead} rows were read.
 */
final class PageFiller {

  private PageFiller() {
  }

  /**
   * One row read.
   *
   * @param position where the row is in the read's order
   * @param present whether the row passed every filter
   * @param value the row, when present
   */
  record Step<P, V>(P position, boolean present, @Nullable V value) {
  }

  /**
   * A filled page.
   *
   * @param page the rows that passed
   * @param pagePositions the position of each of those rows
   * @param exhausted whether the read reached its end
   * @param last the position of the last row read, or null when none was
   * @param split the position in the middle of what was read, when a split is suggested
   * @param status why a split is suggested or required, or null
   */
  record Filled<P, V>(List<V> page, List<P> pagePositions, boolean exhausted, @Nullable P last,
      @Nullable P split, @Nullable PageStatus status) {
  }

  /**
   * Reads {@code steps} into a page.
   *
   * @param bounded whether the page ends at an {@code endCursor} (then {@code numItems} does
   *     not apply)
   * @param beyondEnd whether a position lies past the {@code endCursor}
   * @param budget the rows the page may read before a split is recommended (75% of it)
   */
  static <P, V> Filled<P, V> fill(Iterator<Step<P, V>> steps, PaginationOptions options,
      boolean bounded, Predicate<P> beyondEnd, int budget) {
    List<V> page = new ArrayList<>();
    List<P> pagePositions = new ArrayList<>();
    List<P> positions = new ArrayList<>();
    boolean exhausted = false;
    boolean hitMaximum = false;
    while (bounded || page.size() < options.numItems()) {
      if (options.maximumRowsRead() != null && positions.size() >= options.maximumRowsRead()) {
        hitMaximum = true;
        break;
      }
      if (!steps.hasNext()) {
        exhausted = true;
        break;
      }
      Step<P, V> step = steps.next();
      if (bounded && beyondEnd.test(step.position())) {
        break;
      }
      positions.add(step.position());
      if (step.present()) {
        page.add(step.value());
        pagePositions.add(step.position());
      }
    }
    PageStatus status = hitMaximum && !exhausted ? PageStatus.SPLIT_REQUIRED
        : positions.size() > budget * 3L / 4 ? PageStatus.SPLIT_RECOMMENDED : null;
    P split = status == null || positions.isEmpty() ? null
        : positions.get(Math.max(0, positions.size() / 2 - 1));
    P last = positions.isEmpty() ? null : positions.get(positions.size() - 1);
    return new Filled<>(page, pagePositions, exhausted, last, split, status);
  }
}
