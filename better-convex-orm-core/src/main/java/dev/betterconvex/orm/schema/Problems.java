package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.List;

/** Collects schema problems so that all of them are reported together. */
final class Problems {

  private final List<String> lines = new ArrayList<>();

  void add(String subject, String rule) {
    lines.add(subject + ": " + rule);
  }

  void addAll(List<String> problems) {
    lines.addAll(problems);
  }

  void throwIfAny() {
    if (!lines.isEmpty()) {
      throw new InvalidSchemaException(lines);
    }
  }

  static String table(String table) {
    return "Table \"" + table + "\"";
  }

  static String field(String table, String field) {
    return in(table, "field", field);
  }

  static String in(String table, String kind, String name) {
    return table(table) + ", " + kind + " \"" + name + "\"";
  }

  static String quoted(List<String> names) {
    return names.stream().map(n -> '"' + n + '"').toList().toString();
  }
}
