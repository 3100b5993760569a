package dev.betterconvex.orm.store;

/** Whether an index can be read: an index added to a table with rows is built first. */
public enum IndexState {
  /** Its key column is being filled in batches; every write maintains it, no query reads it. */
  BUILDING,
  /** Filled and unique: queries read it. */
  READY
}
