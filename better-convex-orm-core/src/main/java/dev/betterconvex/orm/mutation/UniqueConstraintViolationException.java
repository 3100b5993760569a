package dev.betterconvex.orm.mutation;

import org.springframework.dao.DuplicateKeyException;

/** An insert, update or upsert would make two rows equal on the fields of a unique constraint. */
public class UniqueConstraintViolationException extends DuplicateKeyException {

  private final String table;
  private final String constraint;

  /** Creates the exception for {@code constraint} of {@code table}. */
  public UniqueConstraintViolationException(String table, String constraint, String message) {
    super(message);
    this.table = table;
    this.constraint = constraint;
  }

  /** Returns the table of the constraint. */
  public String table() {
    return table;
  }

  /** Returns the name of the unique constraint. */
  public String constraint() {
    return constraint;
  }
}
