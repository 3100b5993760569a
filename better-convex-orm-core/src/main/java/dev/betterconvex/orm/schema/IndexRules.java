package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.StringType;
import dev.betterconvex.orm.schema.FieldType.VectorType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The Convex limits on database, search and vector indexes, and the unique-constraint rules. */
final class IndexRules {

  static final int MAX_INDEXES = 32;
  static final int MAX_INDEX_FIELDS = 16;
  static final int MAX_SEARCH_INDEXES = 4;
  static final int MAX_VECTOR_INDEXES = 4;
  static final int MAX_FILTER_FIELDS = 16;

  private IndexRules() {
  }

  static void check(TableSchema table, Problems problems) {
    Set<String> names = new HashSet<>();
    checkIndexes(table, names, problems);
    checkSearchIndexes(table, names, problems);
    checkVectorIndexes(table, names, problems);
    AggregateIndexRules.check(table, names, problems);
    RankIndexRules.check(table, names, problems);
    checkUniqueConstraints(table, problems);
  }

  private static void checkIndexes(TableSchema table, Set<String> names, Problems problems) {
    if (table.indexes().size() > MAX_INDEXES) {
      problems.add(Problems.table(table.name()), "has " + table.indexes().size()
          + " indexes; a table holds at most " + MAX_INDEXES);
    }
    Map<List<String>, String> byFields = new HashMap<>();
    for (IndexSchema index : table.indexes()) {
      String subject = Problems.in(table.name(), "index", index.name());
      checkName(index.name(), subject, names, problems);
      if (index.fields().isEmpty()) {
        problems.add(subject, "index must have at least one field");
      }
      if (index.fields().size() > MAX_INDEX_FIELDS - 1) {
        problems.add(subject, "has " + index.fields().size() + " fields; an index holds at most "
            + (MAX_INDEX_FIELDS - 1) + " (" + MAX_INDEX_FIELDS
            + " with the appended _creationTime)");
      }
      Set<String> seen = new HashSet<>();
      for (String field : index.fields()) {
        if (!seen.add(field)) {
          problems.add(subject, "field \"" + field + "\" is listed twice");
        } else if (field.equals(FieldSchema.CREATION_TIME)) {
          problems.add(subject, "field \"_creationTime\" must not be listed: it is appended to "
              + "every index automatically");
        } else if (field.startsWith("_")) {
          problems.add(subject, "field \"" + field + "\" starts with \"_\"; only user fields can "
              + "be indexed (_creationTime and _id are appended automatically)");
        } else {
          checkPath(table, field, subject, problems);
        }
      }
      String same = byFields.putIfAbsent(index.fields(), index.name());
      if (same != null && !index.fields().isEmpty()) {
        problems.add(subject, "index has the same fields as index \"" + same + "\"");
      }
    }
  }

  private static void checkSearchIndexes(TableSchema table, Set<String> names,
      Problems problems) {
    if (table.searchIndexes().size() > MAX_SEARCH_INDEXES) {
      problems.add(Problems.table(table.name()), "has " + table.searchIndexes().size()
          + " search indexes; a table holds at most " + MAX_SEARCH_INDEXES);
    }
    for (SearchIndexSchema index : table.searchIndexes()) {
      String subject = Problems.in(table.name(), "search index", index.name());
      checkName(index.name(), subject, names, problems);
      FieldType type = checkPath(table, index.searchField(), subject, problems);
      if (type != null && !(type instanceof StringType)) {
        problems.add(subject, "search field \"" + index.searchField()
            + "\" must have type string, but has type " + type.describe());
      }
      checkFilterFields(table, index.filterFields(), subject, problems);
    }
  }

  private static void checkVectorIndexes(TableSchema table, Set<String> names,
      Problems problems) {
    if (table.vectorIndexes().size() > MAX_VECTOR_INDEXES) {
      problems.add(Problems.table(table.name()), "has " + table.vectorIndexes().size()
          + " vector indexes; a table holds at most " + MAX_VECTOR_INDEXES);
    }
    for (VectorIndexSchema index : table.vectorIndexes()) {
      String subject = Problems.in(table.name(), "vector index", index.name());
      checkName(index.name(), subject, names, problems);
      TableRules.checkDimensions(index.dimensions(), subject, problems);
      FieldType type = checkPath(table, index.vectorField(), subject, problems);
      if (type != null && !type.equals(new VectorType(index.dimensions()))) {
        problems.add(subject, "vector field \"" + index.vectorField() + "\" must have type vector("
            + index.dimensions() + "), but has type " + type.describe());
      }
      checkFilterFields(table, index.filterFields(), subject, problems);
    }
  }

  private static void checkUniqueConstraints(TableSchema table, Problems problems) {
    Set<String> names = new HashSet<>();
    for (UniqueConstraint unique : table.uniqueConstraints()) {
      String subject = Problems.in(table.name(), "unique constraint", unique.name());
      if (unique.name().isEmpty()) {
        problems.add(subject, "unique constraint names must not be empty");
      } else if (!names.add(unique.name())) {
        problems.add(subject, "name is already used by another unique constraint in this table");
      }
      if (unique.fields().isEmpty()) {
        problems.add(subject, "unique constraint must have at least one field");
      }
      Set<String> seen = new HashSet<>();
      boolean valid = !unique.fields().isEmpty();
      for (String field : unique.fields()) {
        if (!seen.add(field)) {
          problems.add(subject, "field \"" + field + "\" is listed twice");
          valid = false;
        } else {
          FieldPaths.Resolved resolved = FieldPaths.resolve(table, field);
          if (resolved.problem() != null) {
            problems.add(subject, resolved.problem());
            valid = false;
          }
        }
      }
      if (valid && !IndexAdvice.hasIndexLedBy(table, unique.fields())) {
        problems.add(subject, "needs an index on table \"" + table.name() + "\" whose leading "
            + "fields are " + unique.fields() + " to find conflicting rows; add "
            + IndexAdvice.suggestIndex(unique.fields()));
      }
    }
  }

  private static void checkName(String name, String subject, Set<String> names,
      Problems problems) {
    String nameProblem = NameRules.indexName(name);
    if (nameProblem != null) {
      problems.add(subject, nameProblem);
    }
    if (!names.add(name)) {
      problems.add(subject, "name is already used by another index in this table "
          + "(database, search and vector indexes share one namespace)");
    }
  }

  private static void checkFilterFields(TableSchema table, List<String> filterFields,
      String subject, Problems problems) {
    if (filterFields.size() > MAX_FILTER_FIELDS) {
      problems.add(subject, "has " + filterFields.size() + " filter fields; at most "
          + MAX_FILTER_FIELDS + " are allowed");
    }
    Set<String> seen = new HashSet<>();
    for (String field : filterFields) {
      if (!seen.add(field)) {
        problems.add(subject, "filter field \"" + field + "\" is listed twice");
      } else {
        checkPath(table, field, subject, problems);
      }
    }
  }

  static @Nullable FieldType checkPath(TableSchema table, String path, String subject,
      Problems problems) {
    FieldPaths.Resolved resolved = FieldPaths.resolve(table, path);
    if (resolved.problem() != null) {
      problems.add(subject, resolved.problem());
    }
    return resolved.type();
  }
}
