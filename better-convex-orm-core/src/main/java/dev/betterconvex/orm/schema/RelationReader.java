package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.ManyToMany;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.Table;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Reads {@code @One}, {@code @Many} and {@code @ManyToMany} properties into builder relations. */
final class RelationReader {

  private RelationReader() {
  }

  static void read(TableBuilder table, java.lang.reflect.Field property) {
    String name = property.getName();
    @Nullable One one = property.getAnnotation(One.class);
    if (one != null) {
      String target = target(table, property, one.table(), property.getGenericType());
      if (target != null) {
        RelationBuilder relation = table.one(name, target);
        common(relation, one.fields(), one.references(), one.alias());
        if (!one.optional()) {
          relation.optional(false);
        }
      }
      return;
    }
    @Nullable Many many = property.getAnnotation(Many.class);
    if (many != null) {
      String target = target(table, property, many.table(), element(table, property));
      if (target != null) {
        common(table.many(name, target), many.fields(), many.references(), many.alias());
      }
      return;
    }
    ManyToMany manyToMany = property.getAnnotation(ManyToMany.class);
    String target = target(table, property, manyToMany.table(), element(table, property));
    if (target != null) {
      RelationBuilder relation = table.manyToMany(name, target);
      common(relation, manyToMany.fields(), manyToMany.references(), manyToMany.alias());
      relation.through(manyToMany.through(), List.of(manyToMany.sourceFields()),
          List.of(manyToMany.targetFields()));
    }
  }

  private static void common(RelationBuilder relation, String[] fields, String[] references,
      String alias) {
    if (fields.length > 0) {
      relation.fields(fields);
    }
    if (references.length > 0) {
      relation.references(references);
    }
    if (!alias.isEmpty()) {
      relation.alias(alias);
    }
  }

  private static @Nullable Type element(TableBuilder table, java.lang.reflect.Field property) {
    try {
      Type element = JavaTypes.elementType(property.getGenericType());
      if (element == null) {
        table.problem(EntityReader.subject(table, property),
            "a @Many or @ManyToMany property must be a List or Set of the target entity");
      }
      return element;
    } catch (JavaTypes.UnsupportedTypeException ex) {
      table.problem(EntityReader.subject(table, property),
          Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
      return null;
    }
  }

  private static @Nullable String target(TableBuilder table, java.lang.reflect.Field property,
      String explicit, @Nullable Type type) {
    if (!explicit.isEmpty()) {
      return explicit;
    }
    if (type == null) {
      return null;
    }
    Class<?> entity = JavaTypes.raw(type);
    if (!entity.isAnnotationPresent(Table.class)) {
      table.problem(EntityReader.subject(table, property), entity.getSimpleName()
          + " is not annotated with @Table; name the target with table = \"...\"");
      return null;
    }
    return EntityReader.tableName(entity);
  }
}
