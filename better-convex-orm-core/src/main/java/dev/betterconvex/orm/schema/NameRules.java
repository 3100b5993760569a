package dev.betterconvex.orm.schema;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The naming rules for tables, fields, indexes and relations. Each check returns the rule broken,
 * or {@code null} when the name is legal. Field names are stricter than Convex (which allows any
 * non-control ASCII): a letter, then letters, digits and underscores.
 */
final class NameRules {

  static final int MAX_NAME_LENGTH = 64;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private static final String IDENTIFIER_RULE =
      "must start with a letter and contain only letters, digits and underscores";

  private NameRules() {
  }

  static @Nullable String tableName(String name) {
    if (name.startsWith("_")) {
      return "table names must not start with \"_\" (reserved for system tables)";
    }
    return identifier("table names", name);
  }

  static @Nullable String fieldName(String name) {
    if (name.startsWith("_") || name.startsWith("$")) {
      return "field names must not start with \"_\" or \"$\" (_id and _creationTime are system "
          + "fields, present on every document)";
    }
    return identifier("field names", name);
  }

  static @Nullable String indexName(String name) {
    if (IndexSchema.isReservedName(name)) {
      return "index name \"" + name + "\" is reserved for a built-in index";
    }
    if (name.startsWith("_")) {
      return "index names must not start with \"_\"";
    }
    return identifier("index names", name);
  }

  static @Nullable String relationName(String name) {
    return identifier("relation names", name);
  }

  static @Nullable String propertyName(String name) {
    if (name.startsWith("_") || name.startsWith("$")) {
      return "object property names must not start with \"_\" or \"$\"";
    }
    return identifier("object property names", name);
  }

  private static @Nullable String identifier(String what, String name) {
    if (name.isEmpty()) {
      return what + " must not be empty";
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return what + " must be at most " + MAX_NAME_LENGTH + " characters, got " + name.length();
    }
    if (!IDENTIFIER.matcher(name).matches()) {
      return what + " " + IDENTIFIER_RULE;
    }
    return null;
  }
}
