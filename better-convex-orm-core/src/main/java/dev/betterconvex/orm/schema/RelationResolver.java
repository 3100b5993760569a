package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.RelationSchema.Kind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Fills in the fields of relations declared without them, Drizzle style. A {@code one} without
 * fields uses the table's single foreign key to the target; otherwise a {@code one} or {@code
 * many} without fields inverts the target's {@code one} pointing back, or else the target's single
 * foreign key to this table. An alias narrows the
 * candidates to the relations with the same alias. A {@code manyToMany} links {@code _id} to
 * {@code _id} unless told otherwise.
 */
final class RelationResolver {

  private RelationResolver() {
  }

  static List<TableSchema> resolve(List<TableBuilder> builders, List<TableSchema> drafts,
      Problems problems) {
    Map<String, TableSchema> byName = drafts.stream()
        .collect(Collectors.toMap(TableSchema::name, Function.identity(), (a, b) -> a));
    Map<RelationBuilder, RelationSchema> resolved = new IdentityHashMap<>();
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < builders.size(); i++) {
      TableSchema table = drafts.get(i);
      for (RelationBuilder relation : builders.get(i).relations()) {
        resolveDirect(table, relation, byName, resolved, pending, problems);
      }
    }
    Map<RelationBuilder, RelationSchema> direct = new IdentityHashMap<>(resolved);
    for (Pending p : pending) {
      resolveInverse(p, builders, direct, resolved, byName, problems);
    }
    List<TableSchema> tables = new ArrayList<>();
    for (int i = 0; i < builders.size(); i++) {
      List<RelationSchema> relations = builders.get(i).relations().stream()
          .map(resolved::get).filter(Objects::nonNull).toList();
      tables.add(drafts.get(i).withRelations(relations));
    }
    return tables;
  }

  private static void resolveDirect(TableSchema table, RelationBuilder relation,
      Map<String, TableSchema> byName, Map<RelationBuilder, RelationSchema> resolved,
      List<Pending> pending, Problems problems) {
    String subject = Problems.in(table.name(), "relation", relation.name());
    if (relation.optional() != null && relation.kind() != Kind.ONE) {
      problems.add(subject, "optional(...) applies only to one relations");
    }
    List<String> fields = relation.fields();
    List<String> references = relation.references();
    if (relation.kind() == Kind.MANY_TO_MANY) {
      resolved.put(relation, relation.resolve(
          fields.isEmpty() ? List.of(FieldSchema.ID) : fields,
          references.isEmpty() ? List.of(FieldSchema.ID) : references));
    } else if (!fields.isEmpty()) {
      if (references.isEmpty() && relation.kind() == Kind.ONE && fields.size() == 1) {
        references = List.of(FieldSchema.ID);
      }
      if (references.isEmpty()) {
        problems.add(subject, "fields " + fields + " are given without references(...)");
      } else {
        resolved.put(relation, relation.resolve(fields, references));
      }
    } else if (!references.isEmpty()) {
      problems.add(subject, "references " + references + " are given without fields(...)");
    } else if (!byName.containsKey(relation.targetTable())) {
      // No inference possible; the validator reports the missing target table.
      resolved.put(relation, relation.resolve(List.of(), List.of()));
    } else if (relation.kind() == Kind.ONE && inferFromForeignKey(table, relation, resolved,
        problems, subject)) {
      return;
    } else {
      pending.add(new Pending(table, relation, subject));
    }
  }

  /** Returns true when the decision is made (resolved, or reported as ambiguous). */
  private static boolean inferFromForeignKey(TableSchema table, RelationBuilder relation,
      Map<RelationBuilder, RelationSchema> resolved, Problems problems, String subject) {
    List<ForeignKey> keys = table.foreignKeys().stream()
        .filter(fk -> fk.targetTable().equals(relation.targetTable())).toList();
    if (keys.size() == 1) {
      ForeignKey key = keys.get(0);
      resolved.put(relation, relation.resolve(key.fields(), key.targetFields()));
      return true;
    }
    if (keys.size() > 1) {
      problems.add(subject, "cannot infer the fields: table \"" + table.name()
          + "\" has " + keys.size() + " foreign keys to \"" + relation.targetTable() + "\" "
          + Problems.quoted(keys.stream().map(ForeignKey::name).toList())
          + "; give fields(...) and references(...)");
      return true;
    }
    return false;
  }

  private static void resolveInverse(Pending p, List<TableBuilder> builders,
      Map<RelationBuilder, RelationSchema> direct, Map<RelationBuilder, RelationSchema> resolved,
      Map<String, TableSchema> byName, Problems problems) {
    RelationBuilder relation = p.relation();
    String source = p.table().name();
    String target = relation.targetTable();
    List<RelationSchema> candidates = new ArrayList<>();
    for (TableBuilder builder : builders) {
      if (!builder.name().equals(target)) {
        continue;
      }
      for (RelationBuilder other : builder.relations()) {
        @Nullable RelationSchema inverse = direct.get(other);
        if (other != relation && inverse != null && inverse.kind() == Kind.ONE
            && inverse.targetTable().equals(source) && !inverse.fields().isEmpty()
            && (relation.alias() == null || relation.alias().equals(inverse.alias()))) {
          candidates.add(inverse);
        }
      }
    }
    if (candidates.size() > 1 && relation.alias() == null) {
      List<RelationSchema> unaliased =
          candidates.stream().filter(c -> c.alias() == null).toList();
      if (unaliased.size() == 1) {
        candidates = unaliased;
      }
    }
    if (candidates.size() == 1) {
      RelationSchema inverse = candidates.get(0);
      resolved.put(relation, relation.resolve(inverse.references(), inverse.fields()));
      return;
    }
    String kind = relation.kind() == Kind.ONE ? "one" : "many";
    if (candidates.size() > 1) {
      problems.add(p.subject(), "cannot infer the fields: table \"" + target + "\" has "
          + candidates.size() + " one relations to \"" + source + "\" "
          + Problems.quoted(candidates.stream().map(RelationSchema::name).toList())
          + "; give this " + kind + " relation the alias of one of them, or fields(...) and "
          + "references(...)");
      return;
    }
    List<ForeignKey> keys = Objects.requireNonNull(byName.get(target), target).foreignKeys().stream()
        .filter(fk -> fk.targetTable().equals(source)).toList();
    if (keys.size() == 1) {
      ForeignKey key = keys.get(0);
      resolved.put(relation, relation.resolve(key.targetFields(), key.fields()));
      return;
    }
    if (keys.size() > 1) {
      problems.add(p.subject(), "cannot infer the fields: table \"" + target + "\" has "
          + keys.size() + " foreign keys to \"" + source + "\" "
          + Problems.quoted(keys.stream().map(ForeignKey::name).toList())
          + "; give fields(...) and references(...)");
      return;
    }
    String alias = relation.alias() == null ? "" : " with alias \"" + relation.alias() + "\"";
    problems.add(p.subject(), "cannot infer the fields: no foreign key and no one relation"
        + alias + " links \"" + source + "\" and \"" + target
        + "\"; give fields(...) and references(...)");
  }

  private record Pending(TableSchema table, RelationBuilder relation, String subject) {
  }
}
