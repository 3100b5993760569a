package dev.betterconvex.orm.store;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/** An index range that Convex would reject: it names the table, the index and the rule. */
public class InvalidIndexRangeException extends InvalidDataAccessApiUsageException {

  /** Creates the exception. */
  public InvalidIndexRangeException(String message) {
    super(message);
  }
}
