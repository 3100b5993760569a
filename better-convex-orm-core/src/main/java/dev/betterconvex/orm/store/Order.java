package dev.betterconvex.orm.store;

/** The direction of an index read. {@code DESC} reverses the whole key, tiebreak fields included. */
public enum Order {
  /** Ascending index key order. */
  ASC,
  /** Descending index key order. */
  DESC
}
