package dev.betterconvex.orm.value;

/** Thrown when a string is not a valid Convex document id; the message names the id and why. */
public class InvalidIdException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The string that failed to decode. */
  private final String id;

  /** Why the string is not a valid id. */
  private final String reason;

  /** Creates an exception for {@code id}, which is invalid because of {@code reason}. */
  public InvalidIdException(String id, String reason) {
    super("Invalid id \"" + FieldNames.abbreviate(id) + "\": " + reason);
    this.id = id;
    this.reason = reason;
  }

  /** Returns the string that failed to decode. */
  public String getId() {
    return id;
  }

  /** Returns why the string is not a valid id. */
  public String getReason() {
    return reason;
  }
}
