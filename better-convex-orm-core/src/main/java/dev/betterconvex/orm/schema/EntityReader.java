package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.VectorType;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Default;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.ManyToMany;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.AggregateIndex;
import dev.betterconvex.orm.schema.annotation.RankIndex;
import dev.betterconvex.orm.schema.annotation.SearchIndex;
import dev.betterconvex.orm.schema.annotation.RelationCount;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.schema.annotation.VectorIndex;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads an annotated entity class into the same {@link TableBuilder} calls a user would write,
 * so annotated and built tables are equal by construction. Fields first (in declaration order,
 * superclass fields before subclass fields, record components in order), then class-level
 * indexes, unique constraints, search and vector indexes, then relations.
 */
final class EntityReader {

  private EntityReader() {
  }

  record Result(@Nullable TableBuilder table, List<String> problems) {
  }

  static Result read(Class<?> type) {
    @Nullable Table table = type.getAnnotation(Table.class);
    if (table == null) {
      List<String> problems = new ArrayList<>();
      problems.add("Class " + type.getName() + ": an entity class must be annotated with @Table"
          + " (dev.betterconvex.orm.schema.annotation.Table)");
      ForeignAnnotations.problems(type, null).forEach(p -> problems.add(p.toString()));
      return new Result(null, problems);
    }
    TableBuilder builder = new TableBuilder(tableName(type));
    for (ForeignAnnotations.Found found : ForeignAnnotations.problems(type, builder.name())) {
      builder.problem(found.subject(), found.rule());
    }
    builder.entityClass(type);
    List<java.lang.reflect.Field> properties = properties(type);
    List<java.lang.reflect.Field> relations = new ArrayList<>();
    for (java.lang.reflect.Field property : properties) {
      if (isRelation(property)) {
        relations.add(property);
      } else if (property.isAnnotationPresent(RelationCount.class)) {
        RelationCounts.check(builder, property, properties);
      } else {
        new PropertyReader(builder, property).read();
      }
    }
    readTableAnnotations(type, builder);
    for (java.lang.reflect.Field relation : relations) {
      RelationReader.read(builder, relation);
    }
    if (table.defaultLimit() != 0) {
      builder.defaultLimit(table.defaultLimit());
    }
    return new Result(builder, List.of());
  }

  /** Returns the {@code @Table} name, or the simple class name with a lower-case first letter. */
  static String tableName(Class<?> type) {
    @Nullable Table table = type.getAnnotation(Table.class);
    if (table != null && !table.name().isEmpty()) {
      return table.name();
    }
    String simple = type.getSimpleName();
    return simple.isEmpty() ? simple
        : simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
  }

  static String subject(TableBuilder table, java.lang.reflect.Field property) {
    return Problems.in(table.name(), "property",
        property.getDeclaringClass().getSimpleName() + "." + property.getName());
  }

  static boolean isRelation(java.lang.reflect.Field property) {
    return property.isAnnotationPresent(One.class) || property.isAnnotationPresent(Many.class)
        || property.isAnnotationPresent(ManyToMany.class);
  }

  /** Record components (through their backing fields) or the persistent instance fields. */
  private static List<java.lang.reflect.Field> properties(Class<?> type) {
    List<java.lang.reflect.Field> properties = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        try {
          properties.add(type.getDeclaredField(component.getName()));
        } catch (NoSuchFieldException ex) {
          throw new IllegalStateException("record " + type.getName() + " has no field for "
              + component.getName(), ex);
        }
      }
      return properties;
    }
    Deque<Class<?>> hierarchy = new ArrayDeque<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      hierarchy.push(c);
    }
    for (Class<?> c : hierarchy) {
      for (java.lang.reflect.Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)
            && !field.isSynthetic()
            && !field.isAnnotationPresent(org.springframework.data.annotation.Transient.class)) {
          properties.add(field);
        }
      }
    }
    return properties;
  }

  private static void readRankIndex(RankIndex rank, TableBuilder builder) {
    RankIndexBuilder index = builder.rankIndex(rank.name()).partitionBy(rank.partitionBy());
    RankIndexSchema.Direction[] directions = rank.direction();
    String[] fields = rank.orderBy();
    if (directions.length > 1 && directions.length != fields.length) {
      builder.problem(Problems.in(builder.name(), "rank index", rank.name()), "has "
          + directions.length + " directions for " + fields.length + " orderBy fields; give none "
          + "(ascending), one (for every field) or one per field");
    }
    for (int i = 0; i < fields.length; i++) {
      index.orderBy(fields[i], directions.length == 0 ? RankIndexSchema.Direction.ASC
          : directions[Math.min(i, directions.length - 1)]);
    }
    if (!rank.sum().isEmpty()) {
      index.sum(rank.sum());
    }
  }

  private static void readTableAnnotations(Class<?> type, TableBuilder builder) {
    for (Index index : type.getAnnotationsByType(Index.class)) {
      builder.index(index.name(), index.fields());
    }
    for (Unique unique : type.getAnnotationsByType(Unique.class)) {
      if (unique.nullsNotDistinct()) {
        builder.uniqueNullsNotDistinct(unique.name(), unique.fields());
      } else {
        builder.unique(unique.name(), unique.fields());
      }
    }
    for (AggregateIndex aggregate : type.getAnnotationsByType(AggregateIndex.class)) {
      builder.aggregateIndex(aggregate.name()).on(aggregate.on()).sum(aggregate.sum())
          .min(aggregate.min()).max(aggregate.max());
    }
    for (RankIndex rank : type.getAnnotationsByType(RankIndex.class)) {
      readRankIndex(rank, builder);
    }
    for (SearchIndex search : type.getAnnotationsByType(SearchIndex.class)) {
      builder.searchIndex(search.name(), search.searchField(), search.filterFields());
    }
    for (VectorIndex vector : type.getAnnotationsByType(VectorIndex.class)) {
      int dimensions = vector.dimensions();
      if (dimensions == 0) {
        if (!(builder.declaredType(vector.vectorField()) instanceof VectorType v)) {
          builder.problem(Problems.in(builder.name(), "vector index", vector.name()),
              "field \"" + vector.vectorField() + "\" is not a @Vector field; annotate it with "
                  + "@Vector(dimensions) or set @VectorIndex(dimensions = ...)");
          continue;
        }
        dimensions = v.dimensions();
      }
      builder.vectorIndex(vector.name(), vector.vectorField(), dimensions, vector.filterFields());
    }
  }

  /** Reads one persistent property: a system field or a user field with its constraints. */
  private static final class PropertyReader {

    private final TableBuilder table;
    private final java.lang.reflect.Field property;

    PropertyReader(TableBuilder table, java.lang.reflect.Field property) {
      this.table = table;
      this.property = property;
    }

    void read() {
      if (property.isAnnotationPresent(Id.class)
          || property.isAnnotationPresent(org.springframework.data.annotation.Id.class)) {
        system(FieldSchema.ID, property.getType() == String.class, "a String");
        return;
      }
      if (property.isAnnotationPresent(CreationTime.class)) {
        Class<?> type = property.getType();
        system(FieldSchema.CREATION_TIME, type == double.class || type == Double.class
            || type == Instant.class,
            "a double or Double (Float64 milliseconds since the epoch) or an Instant");
        return;
      }
      @Nullable Field rename = property.getAnnotation(Field.class);
      String name = rename != null ? rename.name() : property.getName();
      FieldType type;
      try {
        type = JavaTypes.infer(property.getGenericType(), property);
      } catch (JavaTypes.UnsupportedTypeException ex) {
        table.problem(subject(table, property),
            Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
        return;
      }
      table.mapProperty(property.getName(), name);
      FieldBuilder field = table.field(name, type);
      // A @Version field is optional even on a primitive: documents written before the entity
      // had a version lack it and read as version 0; every write sets it.
      if (JavaTypes.isNotNull(property.getType(), property)
          && !property.isAnnotationPresent(org.springframework.data.annotation.Version.class)) {
        field.notNull();
      }
      @Nullable Default defaultValue = property.getAnnotation(Default.class);
      if (defaultValue != null) {
        try {
          field.defaultValue(DefaultLiterals.parse(defaultValue.value(), type));
        } catch (IllegalArgumentException ex) {
          table.problem(Problems.field(table.name(), name), "@Default: " + ex.getMessage());
        }
      }
      for (Unique unique : property.getAnnotationsByType(Unique.class)) {
        unique(name, unique);
      }
      @Nullable References references = property.getAnnotation(References.class);
      if (references != null) {
        String fkName = references.name().isEmpty()
            ? table.name() + "_" + name + "_fk" : references.name();
        table.foreignKey(fkName, name)
            .references(references.table(), references.field())
            .onDelete(references.onDelete())
            .onUpdate(references.onUpdate());
      }
    }

    private void system(String field, boolean typeOk, String expected) {
      if (!typeOk) {
        table.problem(subject(table, property), "a property mapped to " + field + " must be "
            + expected + ", not " + property.getGenericType().getTypeName());
      }
      if (table.isMapped(field)) {
        table.problem(subject(table, property), "another property is already mapped to "
            + field);
      }
      table.mapProperty(property.getName(), field);
    }

    private void unique(String field, Unique unique) {
      if (unique.fields().length > 0) {
        table.problem(Problems.field(table.name(), field),
            "@Unique on a field takes no fields; put it on the class to constrain several");
      }
      String name = unique.name().isEmpty() ? table.name() + "_" + field + "_unique"
          : unique.name();
      if (unique.nullsNotDistinct()) {
        table.uniqueNullsNotDistinct(name, field);
      } else {
        table.unique(name, field);
      }
    }
  }
}
