package dev.betterconvex.orm.store;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A write that Convex would reject: a system field written by user code, a document over the
 * limits, a nonexistent document patched or deleted. The message names the table and field.
 */
public class InvalidDocumentException extends InvalidDataAccessApiUsageException {

  /** Creates the exception. */
  public InvalidDocumentException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public InvalidDocumentException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
