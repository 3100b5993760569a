package dev.betterconvex.orm.schema;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs every schema rule over all tables, collecting the problems instead of stopping at one. */
final class SchemaValidator {

  private SchemaValidator() {
  }

  static void validate(List<TableSchema> tables, Problems problems) {
    Map<String, TableSchema> byName = new LinkedHashMap<>();
    Set<String> duplicates = new HashSet<>();
    for (TableSchema table : tables) {
      if (byName.putIfAbsent(table.name(), table) != null && duplicates.add(table.name())) {
        problems.add(Problems.table(table.name()), "table is declared more than once");
      }
    }
    for (TableSchema table : tables) {
      TableRules.check(table, byName, problems);
      IndexRules.check(table, problems);
      ForeignKeyRules.check(table, byName, problems);
      RelationRules.check(table, byName, problems);
    }
  }
}
