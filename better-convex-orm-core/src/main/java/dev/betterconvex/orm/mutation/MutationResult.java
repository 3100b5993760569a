package dev.betterconvex.orm.mutation;

import java.util.List;

/**
 * What a mutation did.
 *
 * @param rows the rows asked for with {@code returning}, in the order they were written (empty
 *     without {@code returning})
 * @param affected how many rows the statement inserted, updated or deleted itself; rows changed
 *     by foreign-key actions are not counted
 * @param <R> the row type
 */
public record MutationResult<R>(List<R> rows, int affected) {

  /** Copies the rows. */
  public MutationResult {
    rows = List.copyOf(rows);
  }
}
