package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Default;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.RelationCount;
import dev.betterconvex.orm.schema.annotation.Vector;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;

/**
 * Checks {@code @RelationCount} properties: they name a {@code @Many} relation of the same
 * class, have a count type, and carry no annotation of a stored field. They are not fields.
 */
final class RelationCounts {

  private static final Set<Class<?>> TYPES = Set.of(long.class, Long.class, int.class,
      Integer.class);

  private static final List<Class<? extends Annotation>> FIELD_ANNOTATIONS = List.of(Field.class,
      Id.class, CreationTime.class, Default.class, NotNull.class, References.class, Vector.class);

  private RelationCounts() {
  }

  static void check(TableBuilder table, java.lang.reflect.Field property,
      List<java.lang.reflect.Field> properties) {
    String subject = EntityReader.subject(table, property);
    String relation = property.getAnnotation(RelationCount.class).value();
    if (EntityReader.isRelation(property)) {
      table.problem(subject, "@RelationCount cannot be on a relation property");
      return;
    }
    for (Class<? extends Annotation> annotation : FIELD_ANNOTATIONS) {
      if (property.isAnnotationPresent(annotation)) {
        table.problem(subject, "@RelationCount is not a stored field, so @"
            + annotation.getSimpleName() + " does not apply to it");
      }
    }
    if (!TYPES.contains(property.getType())) {
      table.problem(subject, "@RelationCount(\"" + relation + "\") must be a long, Long, int or "
          + "Integer, but is a " + property.getType().getName());
    }
    List<String> many = properties.stream().filter(p -> p.isAnnotationPresent(Many.class))
        .map(java.lang.reflect.Field::getName).toList();
    if (!many.contains(relation)) {
      table.problem(subject, "@RelationCount(\"" + relation + "\") names no @Many relation of "
          + property.getDeclaringClass().getSimpleName() + "; its @Many relations: " + many);
    }
  }
}
