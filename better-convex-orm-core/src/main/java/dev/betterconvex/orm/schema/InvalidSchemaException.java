package dev.betterconvex.orm.schema;

import java.util.List;

/**
 * Thrown once when a schema breaks one or more rules. The message holds every problem, one per
 * line, each naming the table, the field, index, constraint or relation, and the rule broken.
 */
public class InvalidSchemaException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates an exception reporting {@code problems} (at least one). */
  public InvalidSchemaException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns the problems, one sentence each, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    StringBuilder message = new StringBuilder("Invalid schema, ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem:" : " problems:");
    for (String problem : problems) {
      message.append('\n').append(problem);
    }
    return message.toString();
  }
}
