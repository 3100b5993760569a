package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.DocumentLimits;

/**
 * A written document over one of Convex's document limits (see {@link DocumentLimits}): more
 * than 1 MiB as {@link DocumentLimits#size} measures it, system fields included, more than 1024
 * fields in an object, more than 8192 elements in an array, or nested more than 16 levels. The
 * message names the table, the field path (for the size, the largest field) and the limit.
 */
public class DocumentTooLargeException extends InvalidDocumentException {

  private final String table;
  private final long size;

  /** Creates the exception for a document of {@code table} of {@code size} bytes. */
  public DocumentTooLargeException(String table, long size, String message, Throwable cause) {
    super(message, cause);
    this.table = table;
    this.size = size;
  }

  /** Returns the table written to. */
  public String table() {
    return table;
  }

  /** Returns the size of the refused document as {@link DocumentLimits#size} measures it. */
  public long size() {
    return size;
  }
}
