package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.Float64Type;
import dev.betterconvex.orm.schema.FieldType.Int64Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules of rank indexes: names, declared fields, a numeric sum, limits. */
final class RankIndexRules {

  static final int MAX_RANK_INDEXES = 8;
  static final int MAX_PARTITION_FIELDS = 8;
  static final int MAX_ORDER_FIELDS = 8;

  private RankIndexRules() {
  }

  static void check(TableSchema table, Set<String> names, Problems problems) {
    if (table.rankIndexes().size() > MAX_RANK_INDEXES) {
      problems.add(Problems.table(table.name()), "has " + table.rankIndexes().size()
          + " rank indexes; a table holds at most " + MAX_RANK_INDEXES);
    }
    Map<String, String> definitions = new HashMap<>();
    for (RankIndexSchema index : table.rankIndexes()) {
      String subject = Problems.in(table.name(), "rank index", index.name());
      String nameProblem = NameRules.indexName(index.name());
      if (nameProblem != null) {
        problems.add(subject, nameProblem);
      }
      if (!names.add(index.name())) {
        problems.add(subject, "name is already used by another index in this table (database, "
            + "search, vector, aggregate and rank indexes share one namespace)");
      }
      if (index.partitionBy().size() > MAX_PARTITION_FIELDS) {
        problems.add(subject, "has " + index.partitionBy().size() + " partitionBy fields; a rank "
            + "index holds at most " + MAX_PARTITION_FIELDS);
      }
      if (index.orderBy().isEmpty()) {
        problems.add(subject, "has no orderBy field; a rank index orders its rows by 1 to "
            + MAX_ORDER_FIELDS + " fields");
      } else if (index.orderBy().size() > MAX_ORDER_FIELDS) {
        problems.add(subject, "has " + index.orderBy().size() + " orderBy fields; a rank index "
            + "holds at most " + MAX_ORDER_FIELDS);
      }
      Set<String> seen = new HashSet<>();
      checkFields(table, index.partitionBy(), "partitionBy field", subject, seen, problems);
      checkFields(table, index.orderFields(), "orderBy field", subject, seen, problems);
      String sum = index.sum();
      if (sum != null) {
        checkFields(table, List.of(sum), "sum field", subject, new HashSet<>(), problems);
        FieldType type = sum.startsWith("_") ? null : FieldPaths.resolve(table, sum).type();
        if (type != null && !(type instanceof Int64Type) && !(type instanceof Float64Type)) {
          problems.add(subject, "sum field \"" + sum + "\" must have type int64 or float64, "
              + "but has type " + type.describe());
        }
      }
      String same = definitions.putIfAbsent(index.definition(), index.name());
      if (same != null) {
        problems.add(subject, "rank index has the same definition as rank index \"" + same
            + "\"");
      }
    }
  }

  private static void checkFields(TableSchema table, List<String> fields, String kind,
      String subject, Set<String> seen, Problems problems) {
    for (String field : fields) {
      if (!seen.add(field)) {
        problems.add(subject, kind + " \"" + field + "\" is listed twice");
      } else if (field.startsWith("_")) {
        problems.add(subject, kind + " \"" + field + "\" starts with \"_\"; only user fields "
            + "can be ranked (every rank index breaks ties by _id)");
      } else {
        IndexRules.checkPath(table, field, subject, problems);
      }
    }
  }
}
