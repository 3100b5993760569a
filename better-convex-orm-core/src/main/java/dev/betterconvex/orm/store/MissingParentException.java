package dev.betterconvex.orm.store;

/**
 * Rows inserted with {@link EngineInternals#insertIfParentsExist} that were refused because
 * a document they require does not exist; the message names the tables. The ORM turns it into
 * the foreign-key violation of the first such row.
 */
public final class MissingParentException extends InvalidDocumentException {

  private final String message;

  MissingParentException(String message) {
    super(message);
    this.message = message;
  }

  /** Returns the message naming the tables; never null. */
  @Override
  public String getMessage() {
    return message;
  }
}
