package dev.betterconvex.orm.mutation;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * A row about to be written does not meet a check constraint of its table (its condition was
 * false), or the condition threw, which refuses the row too.
 */
public class CheckConstraintViolationException extends DataIntegrityViolationException {

  private final String table;
  private final String constraint;

  /** Creates the exception for {@code constraint} of {@code table}. */
  public CheckConstraintViolationException(String table, String constraint, String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.table = table;
    this.constraint = constraint;
  }

  /** Returns the table of the constraint. */
  public String table() {
    return table;
  }

  /** Returns the name of the check constraint. */
  public String constraint() {
    return constraint;
  }
}
