package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.IdType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Foreign-key rules: the target exists and is {@code _id} or a unique constraint, the field types
 * match, set-null and set-default actions are possible, and actions that write child rows have an
 * index to find them.
 */
final class ForeignKeyRules {

  private ForeignKeyRules() {
  }

  static void check(TableSchema table, Map<String, TableSchema> tables, Problems problems) {
    Set<String> names = new HashSet<>();
    for (ForeignKey key : table.foreignKeys()) {
      String subject = Problems.in(table.name(), "foreign key", key.name());
      if (key.name().isEmpty()) {
        problems.add(subject, "foreign key names must not be empty");
      } else if (!names.add(key.name())) {
        problems.add(subject, "name is already used by another foreign key in this table");
      }
      if (key.fields().isEmpty()) {
        problems.add(subject, "foreign key must have at least one field");
        continue;
      }
      boolean fieldsDeclared = checkFields(table, key, subject, problems);
      @Nullable TableSchema target = tables.get(key.targetTable());
      if (key.targetTable().isEmpty()) {
        problems.add(subject, "foreign key has no target; call references(table, fields...)");
      } else if (target == null) {
        problems.add(subject, "target table \"" + key.targetTable() + "\" does not exist");
      } else if (key.fields().size() != key.targetFields().size()) {
        problems.add(subject, "has " + key.fields().size() + " fields but references "
            + key.targetFields().size() + " fields of \"" + key.targetTable() + "\"");
      } else if (checkTarget(target, key, subject, problems) && fieldsDeclared) {
        checkTypes(table, target, key, subject, problems);
      }
      if (fieldsDeclared) {
        checkAction(table, key, "delete", key.onDelete(), subject, problems);
        checkAction(table, key, "update", key.onUpdate(), subject, problems);
        checkChildIndex(table, key, subject, problems);
      }
    }
  }

  private static boolean checkFields(TableSchema table, ForeignKey key, String subject,
      Problems problems) {
    boolean declared = true;
    Set<String> seen = new HashSet<>();
    for (String field : key.fields()) {
      if (!seen.add(field)) {
        problems.add(subject, "field \"" + field + "\" is listed twice");
        declared = false;
      } else if (table.field(field).isEmpty()) {
        problems.add(subject, "field \"" + field + "\" is not a declared field");
        declared = false;
      }
    }
    return declared;
  }

  private static boolean checkTarget(TableSchema target, ForeignKey key, String subject,
      Problems problems) {
    if (key.targetFields().equals(List.of(FieldSchema.ID))) {
      return true;
    }
    Set<String> wanted = new HashSet<>(key.targetFields());
    boolean unique = wanted.size() == key.targetFields().size()
        && target.uniqueConstraints().stream()
            .anyMatch(u -> u.fields().size() == wanted.size() && wanted.containsAll(u.fields()));
    if (!unique) {
      problems.add(subject, "references " + key.targetFields() + " of \"" + target.name()
          + "\", which is neither [_id] nor the fields of a unique constraint of \""
          + target.name() + "\"");
    }
    return unique;
  }

  private static void checkTypes(TableSchema table, TableSchema target, ForeignKey key,
      String subject, Problems problems) {
    for (int i = 0; i < key.fields().size(); i++) {
      FieldSchema child = table.field(key.fields().get(i)).orElseThrow();
      String targetField = key.targetFields().get(i);
      if (targetField.equals(FieldSchema.ID)) {
        if (!child.type().equals(new IdType(target.name()))) {
          problems.add(subject, "field \"" + child.name() + "\" has type "
              + child.type().describe() + " but references _id of \"" + target.name()
              + "\"; declare it as id(\"" + target.name() + "\")");
        }
        continue;
      }
      FieldType parentType = FieldPaths.resolve(target, targetField).type();
      if (parentType != null && !parentType.equals(child.type())) {
        problems.add(subject, "field \"" + child.name() + "\" has type " + child.type().describe()
            + " but references \"" + target.name() + "." + targetField + "\" of type "
            + parentType.describe());
      }
    }
  }

  private static void checkAction(TableSchema table, ForeignKey key, String event,
      ReferentialAction action, String subject, Problems problems) {
    for (String name : key.fields()) {
      FieldSchema field = table.field(name).orElseThrow();
      if (action == ReferentialAction.SET_NULL && field.notNull()) {
        problems.add(subject, "on " + event + " SET_NULL needs nullable fields, but field \""
            + name + "\" is not null");
      }
      if (action == ReferentialAction.SET_DEFAULT && !field.hasDefault()) {
        problems.add(subject, "on " + event + " SET_DEFAULT needs fields with a default, but "
            + "field \"" + name + "\" has none");
      }
    }
  }

  private static void checkChildIndex(TableSchema table, ForeignKey key, String subject,
      Problems problems) {
    String actions = describeWritingActions(key);
    if (actions.isEmpty()) {
      return;
    }
    if (!IndexAdvice.hasIndexLedBy(table, key.fields())) {
      problems.add(subject, actions + " needs an index on table \"" + table.name()
          + "\" whose leading fields are " + key.fields() + " to find the child rows; add "
          + IndexAdvice.suggestIndex(key.fields()));
    }
  }

  private static String describeWritingActions(ForeignKey key) {
    String onDelete = key.onDelete().writesChildren() ? "on delete " + key.onDelete() : "";
    String onUpdate = key.onUpdate().writesChildren() ? "on update " + key.onUpdate() : "";
    if (!onDelete.isEmpty() && !onUpdate.isEmpty()) {
      return onDelete + " and " + onUpdate;
    }
    return onDelete + onUpdate;
  }
}
