package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.ArrayType;
import dev.betterconvex.orm.schema.FieldType.EnumType;
import dev.betterconvex.orm.schema.FieldType.IdType;
import dev.betterconvex.orm.schema.FieldType.ObjectType;
import dev.betterconvex.orm.schema.FieldType.UnionType;
import dev.betterconvex.orm.schema.FieldType.VectorType;
import dev.betterconvex.orm.value.ConvexNull;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Table-level rules: the table name, field names and count, field types, defaults, check
 * constraints, default limit.
 */
final class TableRules {

  static final int MAX_FIELDS = 1024;
  static final int MIN_VECTOR_DIMENSIONS = 2;
  static final int MAX_VECTOR_DIMENSIONS = 4096;

  private TableRules() {
  }

  static void check(TableSchema table, Map<String, TableSchema> tables, Problems problems) {
    String subject = Problems.table(table.name());
    String nameProblem = NameRules.tableName(table.name());
    if (nameProblem != null) {
      problems.add(subject, nameProblem);
    }
    if (table.fields().size() > MAX_FIELDS) {
      problems.add(subject, "has " + table.fields().size() + " fields; a table holds at most "
          + MAX_FIELDS);
    }
    Set<String> seen = new HashSet<>();
    for (FieldSchema field : table.fields()) {
      String fieldSubject = Problems.field(table.name(), field.name());
      String fieldProblem = NameRules.fieldName(field.name());
      if (fieldProblem != null) {
        problems.add(fieldSubject, fieldProblem);
      }
      if (!seen.add(field.name())) {
        problems.add(fieldSubject, "field is declared more than once");
      }
      checkType(field.type(), fieldSubject, tables, problems);
      checkDefault(field, fieldSubject, problems);
    }
    checkCheckConstraints(table, problems);
    Integer limit = table.defaultLimit();
    if (limit != null && limit < 1) {
      problems.add(subject, "default limit must be at least 1, got " + limit);
    }
  }

  private static void checkCheckConstraints(TableSchema table, Problems problems) {
    Set<String> names = new HashSet<>();
    for (CheckConstraint check : table.checkConstraints()) {
      String subject = Problems.in(table.name(), "check constraint", check.name());
      if (check.name().isEmpty()) {
        problems.add(subject, "check constraint names must not be empty");
      } else if (!names.add(check.name())) {
        problems.add(subject, "name is already used by another check constraint in this table");
      }
      for (String field : check.fields()) {
        if (table.field(field).isEmpty()) {
          problems.add(subject, "field \"" + field + "\" is not a declared top-level field");
        }
      }
    }
  }

  private static void checkDefault(FieldSchema field, String subject, Problems problems) {
    if (field.defaultValue() == null) {
      return;
    }
    if (field.defaultValue() == ConvexNull.INSTANCE) {
      if (field.notNull()) {
        problems.add(subject, "field is not null but its default value is null");
      }
    } else if (!field.type().accepts(field.defaultValue())) {
      problems.add(subject, "default value " + field.defaultValue() + " is not accepted by type "
          + field.type().describe());
    }
  }

  private static void checkType(FieldType type, String subject, Map<String, TableSchema> tables,
      Problems problems) {
    if (type instanceof IdType id && !tables.containsKey(id.table())) {
      problems.add(subject, "type " + id.describe() + " refers to table \"" + id.table()
          + "\", which does not exist");
    } else if (type instanceof VectorType vector) {
      checkDimensions(vector.dimensions(), subject, problems);
    } else if (type instanceof EnumType enumType) {
      if (enumType.values().isEmpty()) {
        problems.add(subject, "enum needs at least one value");
      }
      Set<String> values = new HashSet<>();
      for (String value : enumType.values()) {
        if (!values.add(value)) {
          problems.add(subject, "enum value \"" + value + "\" is listed twice");
        }
      }
    } else if (type instanceof ArrayType array) {
      checkType(array.element(), subject, tables, problems);
    } else if (type instanceof UnionType union) {
      if (union.members().isEmpty()) {
        problems.add(subject, "union needs at least one member");
      }
      union.members().forEach(member -> checkType(member, subject, tables, problems));
    } else if (type instanceof ObjectType object) {
      for (Map.Entry<String, FieldType> property : object.properties().entrySet()) {
        String propertyProblem = NameRules.propertyName(property.getKey());
        if (propertyProblem != null) {
          problems.add(subject, "property \"" + property.getKey() + "\": " + propertyProblem);
        }
        checkType(property.getValue(), subject, tables, problems);
      }
      for (String optional : object.optionalProperties()) {
        if (!object.properties().containsKey(optional)) {
          problems.add(subject, "optional property \"" + optional + "\" is not a property");
        }
      }
    }
  }

  static void checkDimensions(int dimensions, String subject, Problems problems) {
    if (dimensions < MIN_VECTOR_DIMENSIONS || dimensions > MAX_VECTOR_DIMENSIONS) {
      problems.add(subject, "vector dimensions must be between " + MIN_VECTOR_DIMENSIONS + " and "
          + MAX_VECTOR_DIMENSIONS + ", got " + dimensions);
    }
  }
}
