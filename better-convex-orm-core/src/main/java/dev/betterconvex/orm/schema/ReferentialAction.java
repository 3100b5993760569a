package dev.betterconvex.orm.schema;

/**
 * What happens to child rows when the parent row a {@link ForeignKey} references is deleted or
 * its referenced fields change.
 */
public enum ReferentialAction {
  /** Deletes (on delete) or updates (on update) the child rows too. */
  CASCADE,
  /** Sets the child's foreign-key fields to null; the fields must be nullable. */
  SET_NULL,
  /** Sets the child's foreign-key fields to their defaults; the fields must have a default. */
  SET_DEFAULT,
  /** Refuses the change while child rows exist. */
  RESTRICT,
  /** The default: behaves exactly as {@link #RESTRICT}. */
  NO_ACTION;

  /** Returns whether this action writes child rows (cascade, set null or set default). */
  public boolean writesChildren() {
    return this == CASCADE || this == SET_NULL || this == SET_DEFAULT;
  }
}
