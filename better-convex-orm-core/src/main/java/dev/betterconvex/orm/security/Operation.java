package dev.betterconvex.orm.security;

/** The operations a policy can govern. */
public enum Operation {
  /** Reading rows. */
  SELECT,
  /** Inserting rows. */
  INSERT,
  /** Updating rows (including rows changed by a set null, set default or cascade update). */
  UPDATE,
  /** Deleting rows (including rows deleted by a cascade). */
  DELETE
}
