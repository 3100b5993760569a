package dev.betterconvex.orm.mutation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one page of a paged update or delete did; run the next page with
 * {@code continueCursor} until {@code isDone}.
 *
 * @param rows the rows asked for with {@code returning} (empty without it)
 * @param affected how many rows this page updated or deleted
 * @param continueCursor the cursor of the next page; null when the statement read nothing (an
 *     update with an empty {@code set})
 * @param isDone whether the read reached the end of the matching rows
 * @param <R> the row type
 */
public record MutationPage<R>(List<R> rows, int affected, @Nullable String continueCursor,
    boolean isDone) {

  /** Copies the rows. */
  public MutationPage {
    rows = List.copyOf(rows);
  }
}
