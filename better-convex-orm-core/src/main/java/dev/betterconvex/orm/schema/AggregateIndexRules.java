package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.Float64Type;
import dev.betterconvex.orm.schema.FieldType.Int64Type;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules of aggregate indexes: names, declared fields, numeric sums, limits. */
final class AggregateIndexRules {

  static final int MAX_AGGREGATE_INDEXES = 8;
  static final int MAX_ON_FIELDS = 8;
  static final int MAX_MEASURE_FIELDS = 16;

  private AggregateIndexRules() {
  }

  static void check(TableSchema table, Set<String> names, Problems problems) {
    if (table.aggregateIndexes().size() > MAX_AGGREGATE_INDEXES) {
      problems.add(Problems.table(table.name()), "has " + table.aggregateIndexes().size()
          + " aggregate indexes; a table holds at most " + MAX_AGGREGATE_INDEXES);
    }
    java.util.Map<String, String> definitions = new java.util.HashMap<>();
    for (AggregateIndexSchema index : table.aggregateIndexes()) {
      String subject = Problems.in(table.name(), "aggregate index", index.name());
      String nameProblem = NameRules.indexName(index.name());
      if (nameProblem != null) {
        problems.add(subject, nameProblem);
      }
      if (!names.add(index.name())) {
        problems.add(subject, "name is already used by another index in this table (database, "
            + "search, vector and aggregate indexes share one namespace)");
      }
      if (index.on().size() > MAX_ON_FIELDS) {
        problems.add(subject, "has " + index.on().size() + " on fields; an aggregate index holds "
            + "at most " + MAX_ON_FIELDS);
      }
      checkFields(table, index.on(), "on field", subject, problems);
      checkFields(table, index.sum(), "sum field", subject, problems);
      checkFields(table, index.min(), "min field", subject, problems);
      checkFields(table, index.max(), "max field", subject, problems);
      int measures = index.sum().size() + index.orderedFields().size();
      if (measures > MAX_MEASURE_FIELDS) {
        problems.add(subject, "has " + measures + " sum, min and max fields; an aggregate index "
            + "holds at most " + MAX_MEASURE_FIELDS);
      }
      for (String field : new HashSet<>(index.sum())) {
        FieldType type = FieldPaths.resolve(table, field).type();
        if (type != null && !(type instanceof Int64Type) && !(type instanceof Float64Type)) {
          problems.add(subject, "sum field \"" + field + "\" must have type int64 or float64, "
              + "but has type " + type.describe());
        }
      }
      String same = definitions.putIfAbsent(index.definition(), index.name());
      if (same != null) {
        problems.add(subject, "aggregate index has the same definition as aggregate index \""
            + same + "\"");
      }
    }
  }

  private static void checkFields(TableSchema table, List<String> fields, String kind,
      String subject, Problems problems) {
    Set<String> seen = new HashSet<>();
    for (String field : fields) {
      if (!seen.add(field)) {
        problems.add(subject, kind + " \"" + field + "\" is listed twice");
      } else if (field.startsWith("_")) {
        problems.add(subject, kind + " \"" + field + "\" starts with \"_\"; only user fields "
            + "can be aggregated");
      } else {
        IndexRules.checkPath(table, field, subject, problems);
      }
    }
  }
}
