package dev.betterconvex.orm.mutation;

/**
 * Sees every row a mutation writes, before it is written: the rows the statement inserts,
 * updates or deletes and every row a foreign-key action changes. It runs once the row matches
 * the schema and before any check, unique or foreign-key constraint is looked at, so a refused
 * row learns nothing about other rows. Throwing refuses the row and fails the whole mutation;
 * nothing it wrote is committed. This is where row-level security checks writes.
 */
@FunctionalInterface
public interface WriteGuard {

  /** A guard that allows every write. */
  WriteGuard NONE = write -> { };

  /**
   * Checks one row about to be written.
   *
   * @throws RuntimeException to refuse it, failing the whole mutation
   */
  void check(RowWrite write);
}
