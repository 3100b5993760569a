package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.RelationSchema.Kind;
import dev.betterconvex.orm.schema.RelationSchema.Through;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Relation rules: legal unique names, existing tables and fields, matching field counts. */
final class RelationRules {

  private RelationRules() {
  }

  static void check(TableSchema table, Map<String, TableSchema> tables, Problems problems) {
    Set<String> names = new HashSet<>();
    for (RelationSchema relation : table.relations()) {
      String subject = Problems.in(table.name(), "relation", relation.name());
      String nameProblem = NameRules.relationName(relation.name());
      if (nameProblem != null) {
        problems.add(subject, nameProblem);
      }
      if (!names.add(relation.name())) {
        problems.add(subject, "relation is declared more than once");
      }
      if (table.field(relation.name()).isPresent()) {
        problems.add(subject, "name is already used by a field of \"" + table.name() + "\"");
      }
      @Nullable TableSchema target = tables.get(relation.targetTable());
      if (target == null) {
        problems.add(subject, "target table \"" + relation.targetTable() + "\" does not exist");
        continue;
      }
      if (relation.fields().size() != relation.references().size()) {
        problems.add(subject, "has " + relation.fields().size() + " fields but "
            + relation.references().size() + " references");
      }
      checkFields(table, relation.fields(), "field", subject, problems);
      checkFields(target, relation.references(), "reference", subject, problems);
      checkThrough(relation, tables, subject, problems);
    }
  }

  private static void checkThrough(RelationSchema relation, Map<String, TableSchema> tables,
      String subject, Problems problems) {
    Through through = relation.through();
    if (relation.kind() != Kind.MANY_TO_MANY) {
      if (through != null) {
        problems.add(subject, "only manyToMany relations go through a junction table");
      }
      return;
    }
    if (through == null) {
      problems.add(subject, "manyToMany needs through(table, sourceFields, targetFields)");
      return;
    }
    @Nullable TableSchema junction = tables.get(through.table());
    if (junction == null) {
      problems.add(subject, "through table \"" + through.table() + "\" does not exist");
      return;
    }
    if (through.sourceFields().size() != relation.fields().size()) {
      problems.add(subject, "through source fields " + through.sourceFields() + " must pair with "
          + "fields " + relation.fields());
    }
    if (through.targetFields().size() != relation.references().size()) {
      problems.add(subject, "through target fields " + through.targetFields() + " must pair "
          + "with references " + relation.references());
    }
    checkFields(junction, through.sourceFields(), "through field", subject, problems);
    checkFields(junction, through.targetFields(), "through field", subject, problems);
  }

  private static void checkFields(TableSchema table, List<String> fields, String role,
      String subject, Problems problems) {
    if (fields.isEmpty()) {
      problems.add(subject, "needs at least one " + role);
    }
    for (String field : fields) {
      if (!field.equals(FieldSchema.ID) && table.field(field).isEmpty()) {
        problems.add(subject, role + " \"" + field + "\" is not a declared field of \""
            + table.name() + "\"");
      }
    }
  }
}
