package dev.betterconvex.orm.store;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A pagination cursor that was edited, truncated, made by another deployment, or taken from
 * another query: Convex's {@code InvalidCursor}. It never positions a read.
 */
public class InvalidCursorException extends InvalidDataAccessApiUsageException {

  /** Creates the exception. */
  public InvalidCursorException(String message) {
    super(message);
  }
}
