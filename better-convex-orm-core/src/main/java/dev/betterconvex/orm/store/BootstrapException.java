package dev.betterconvex.orm.store;

import org.jspecify.annotations.Nullable;

/**
 * The engine could not prepare its tables at startup: the database could not be reached or
 * changed, it holds another storage layout, or (bootstrap mode {@code VALIDATE}) it does not
 * match the schema. Nothing of the bootstrap is committed.
 */
public class BootstrapException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final boolean mismatch;

  /** Creates the exception; {@code mismatch} when the database only differs from the schema. */
  BootstrapException(String message, boolean mismatch, @Nullable Throwable cause) {
    super(message, cause);
    this.mismatch = mismatch;
  }

  /**
   * Whether the database differs from the schema in a way bootstrap mode
   * {@code CREATE_OR_UPGRADE} would fix (it failed under {@code VALIDATE}).
   */
  public boolean isSchemaMismatch() {
    return mismatch;
  }
}
