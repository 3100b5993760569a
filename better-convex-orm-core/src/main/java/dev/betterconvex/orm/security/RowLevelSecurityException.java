package dev.betterconvex.orm.security;

import org.springframework.dao.PermissionDeniedDataAccessException;

/**
 * A write that row-level security denies: it names the table, the operation and the policies
 * that decided. Nothing of the mutation is written.
 */
public class RowLevelSecurityException extends PermissionDeniedDataAccessException {

  private final String table;
  private final Operation operation;

  /** Creates the exception. */
  @SuppressWarnings("NullAway") // Spring's only constructor takes a cause; there is none
  public RowLevelSecurityException(String table, Operation operation, String message) {
    super(message, null);
    this.table = table;
    this.operation = operation;
  }

  /** Returns the table whose policy denied. */
  public String table() {
    return table;
  }

  /** Returns the denied operation. */
  public Operation operation() {
    return operation;
  }
}
