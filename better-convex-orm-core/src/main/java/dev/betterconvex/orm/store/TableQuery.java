package dev.betterconvex.orm.store;

import java.util.function.UnaryOperator;

/**
 * The start of a query over a table: choose an index range, or read the whole table in
 * {@code _creationTime} order (also the default when no index is chosen).
 */
public interface TableQuery extends IndexQuery {

  /** Reads the whole index {@code index}. */
  IndexQuery withIndex(String index);

  /**
   * Reads the range of {@code index} that {@code range} describes.
   *
   * @throws InvalidIndexRangeException when Convex would reject the range
   */
  IndexQuery withIndex(String index, UnaryOperator<IndexRangeBuilder> range);

  /** Reads the whole table in {@code _creationTime} order. */
  IndexQuery fullTableScan();
}
