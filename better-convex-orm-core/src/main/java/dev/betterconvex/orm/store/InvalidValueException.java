package dev.betterconvex.orm.store;

import org.jspecify.annotations.Nullable;

/**
 * A written value that Convex cannot store: a string with an unpaired surrogate (it has no UTF-8
 * form), an invalid field name (empty, non-ASCII, starting with {@code $}, over 1024 characters),
 * or a Java value with no Convex type. The message names the table and the field path.
 */
public class InvalidValueException extends InvalidDocumentException {

  private final String table;
  private final String field;

  /**
   * Creates the exception for {@code field} (a path such as {@code "address.city"}) of
   * {@code table}.
   */
  public InvalidValueException(String table, String field, String problem,
      @Nullable Throwable cause) {
    super("Field \"" + printable(field) + "\" of table \"" + table
        + "\" holds a value Convex cannot store: " + problem, cause);
    this.table = table;
    this.field = field;
  }

  /**
   * Returns {@code s} with every character outside printable ASCII escaped as {@code \\uXXXX},
   * cut to 100 characters: the message must itself be valid text (a lone surrogate is not).
   */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (; i < s.length() && out.length() < 100; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c <= 0x7E) {
        out.append(c);
      }
      else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return i < s.length() ? out + "..." : out.toString();
  }

  /** Returns the table written to. */
  public String table() {
    return table;
  }

  /** Returns the path of the field holding the invalid value. */
  public String field() {
    return field;
  }
}
