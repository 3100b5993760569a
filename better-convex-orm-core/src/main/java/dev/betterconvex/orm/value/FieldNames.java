package dev.betterconvex.orm.value;

import org.jspecify.annotations.Nullable;

/**
 * Convex's rules for object field names: non-empty, at most 1024 non-control ASCII characters
 * (0x20..0x7E), not starting with {@code $}.
 */
final class FieldNames {

  /** The longest field name Convex accepts. */
  static final int MAX_LENGTH = 1024;

  private FieldNames() {
  }

  /** Returns why {@code name} is not a valid field name, or {@code null} when it is valid. */
  static @Nullable String problem(String name) {
    int n = name.length();
    if (n == 0) {
      return "field names must not be empty";
    }
    if (n > MAX_LENGTH) {
      return "field names must be at most " + MAX_LENGTH + " characters long, this one has " + n;
    }
    if (name.charAt(0) == '$') {
      return "field names must not start with '$', which is reserved";
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return String.format(
            "field names may only contain non-control ASCII characters, found U+%04X at index %d",
            (int) c, i);
      }
    }
    return null;
  }

  /** Throws {@link IllegalArgumentException} when {@code name} is not a valid field name. */
  static void check(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException("Invalid field name \"" + abbreviate(name) + "\": " + problem);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
