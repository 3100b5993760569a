package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One table of a validated {@link Schema}: its user fields, indexes, constraints and relations,
 * all immutable and in declaration order.
 *
 * <p>Equality compares the data model (name, fields, indexes, unique and check constraints
 * (check conditions by identity), foreign keys, search
 * and vector indexes, relations, default limit). The {@linkplain #entityClass() entity class} and
 * its property mapping are how Java objects bind to the table, not part of the model, so a table
 * read from annotations equals the same table declared with the builder.
 */
public final class TableSchema {

  private final String name;
  private final List<FieldSchema> fields;
  /** The fields by name, for {@link #field}: every written row looks up each of its fields. */
  private final Map<String, FieldSchema> fieldsByName;
  private final List<IndexSchema> indexes;
  private final List<UniqueConstraint> uniqueConstraints;
  private final List<CheckConstraint> checkConstraints;
  private final List<ForeignKey> foreignKeys;
  private final List<SearchIndexSchema> searchIndexes;
  private final List<VectorIndexSchema> vectorIndexes;
  private final List<RelationSchema> relations;
  private final @Nullable Integer defaultLimit;
  private final @Nullable Class<?> entityClass;
  private final Map<String, String> fieldsByProperty;
  private final List<AggregateIndexSchema> aggregateIndexes;
  private final List<RankIndexSchema> rankIndexes;

  TableSchema(
      String name,
      List<FieldSchema> fields,
      List<IndexSchema> indexes,
      List<UniqueConstraint> uniqueConstraints,
      List<CheckConstraint> checkConstraints,
      List<ForeignKey> foreignKeys,
      List<SearchIndexSchema> searchIndexes,
      List<VectorIndexSchema> vectorIndexes,
      List<RelationSchema> relations,
      @Nullable Integer defaultLimit,
      @Nullable Class<?> entityClass,
      Map<String, String> fieldsByProperty,
      List<AggregateIndexSchema> aggregateIndexes,
      List<RankIndexSchema> rankIndexes) {
    this.name = name;
    this.fields = List.copyOf(fields);
    Map<String, FieldSchema> byName = new HashMap<>();
    for (FieldSchema field : this.fields) {
      byName.putIfAbsent(field.name(), field);
    }
    this.fieldsByName = byName;
    this.indexes = List.copyOf(indexes);
    this.uniqueConstraints = List.copyOf(uniqueConstraints);
    this.checkConstraints = List.copyOf(checkConstraints);
    this.foreignKeys = List.copyOf(foreignKeys);
    this.searchIndexes = List.copyOf(searchIndexes);
    this.vectorIndexes = List.copyOf(vectorIndexes);
    this.relations = List.copyOf(relations);
    this.defaultLimit = defaultLimit;
    this.entityClass = entityClass;
    this.fieldsByProperty = Map.copyOf(fieldsByProperty);
    this.aggregateIndexes = List.copyOf(aggregateIndexes);
    this.rankIndexes = List.copyOf(rankIndexes);
  }

  TableSchema withRelations(List<RelationSchema> resolved) {
    return new TableSchema(name, fields, indexes, uniqueConstraints, checkConstraints,
        foreignKeys, searchIndexes, vectorIndexes, resolved, defaultLimit, entityClass,
        fieldsByProperty, aggregateIndexes, rankIndexes);
  }

  /** Returns the table name. */
  public String name() {
    return name;
  }

  /** Returns the user fields in declaration order; {@code _id} and {@code _creationTime} are implicit. */
  public List<FieldSchema> fields() {
    return fields;
  }

  /** Returns the user field called {@code name}, or empty (also for system fields). */
  public Optional<FieldSchema> field(String name) {
    return Optional.ofNullable(fieldsByName.get(name));
  }

  /** Returns the user-declared indexes in declaration order, without the built-ins. */
  public List<IndexSchema> indexes() {
    return indexes;
  }

  /** Returns {@code by_id} and {@code by_creation_time}, then the user indexes in declaration order. */
  public List<IndexSchema> allIndexes() {
    List<IndexSchema> all = new ArrayList<>(indexes.size() + 2);
    all.add(IndexSchema.BY_ID);
    all.add(IndexSchema.BY_CREATION_TIME);
    all.addAll(indexes);
    return List.copyOf(all);
  }

  /** Returns the index called {@code name}, built-ins included, or empty. */
  public Optional<IndexSchema> index(String name) {
    return allIndexes().stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** Returns the unique constraints in declaration order. */
  public List<UniqueConstraint> uniqueConstraints() {
    return uniqueConstraints;
  }

  /**
   * Returns whether equalities on {@code fields} pin at most one row: they include {@code _id}
   * or every field of a unique constraint. This is the rule of {@code findUnique}.
   */
  public boolean isUniqueKey(java.util.Collection<String> fields) {
    if (fields.contains(FieldSchema.ID)) {
      return true;
    }
    for (UniqueConstraint unique : uniqueConstraints) {
      if (fields.containsAll(unique.fields())) {
        return true;
      }
    }
    return false;
  }

  /** Returns the check constraints in declaration order. */
  public List<CheckConstraint> checkConstraints() {
    return checkConstraints;
  }

  /** Returns the foreign keys from this table, in declaration order. */
  public List<ForeignKey> foreignKeys() {
    return foreignKeys;
  }

  /** Returns the full-text search indexes in declaration order. */
  public List<SearchIndexSchema> searchIndexes() {
    return searchIndexes;
  }

  /** Returns the vector indexes in declaration order. */
  public List<VectorIndexSchema> vectorIndexes() {
    return vectorIndexes;
  }

  /** Returns the aggregate indexes in declaration order. */
  public List<AggregateIndexSchema> aggregateIndexes() {
    return aggregateIndexes;
  }

  /** Returns the aggregate index called {@code name}, or empty. */
  public Optional<AggregateIndexSchema> aggregateIndex(String name) {
    return aggregateIndexes.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** Returns the rank indexes in declaration order. */
  public List<RankIndexSchema> rankIndexes() {
    return rankIndexes;
  }

  /** Returns the rank index called {@code name}, or empty. */
  public Optional<RankIndexSchema> rankIndex(String name) {
    return rankIndexes.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Returns the relations from this table, with inferred fields filled in, in declaration order. */
  public List<RelationSchema> relations() {
    return relations;
  }

  /** Returns the relation called {@code name}, or empty. */
  public Optional<RelationSchema> relation(String name) {
    return relations.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * Returns the default limit the ORM applies to reads of this table that give no limit, or
   * {@code null} when reads must give a limit or allow a full scan.
   */
  public @Nullable Integer defaultLimit() {
    return defaultLimit;
  }

  /** Returns the annotated entity class this table was read from, or {@code null}. */
  public @Nullable Class<?> entityClass() {
    return entityClass;
  }

  /**
   * Returns, for a table read from an entity class, each persistent Java property (field or
   * record component name) mapped to its document field, {@code _id} and {@code _creationTime}
   * included; relation properties are not listed. Empty for builder tables.
   */
  public Map<String, String> fieldsByProperty() {
    return fieldsByProperty;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableSchema t
        && name.equals(t.name)
        && fields.equals(t.fields)
        && indexes.equals(t.indexes)
        && uniqueConstraints.equals(t.uniqueConstraints)
        && checkConstraints.equals(t.checkConstraints)
        && foreignKeys.equals(t.foreignKeys)
        && searchIndexes.equals(t.searchIndexes)
        && vectorIndexes.equals(t.vectorIndexes)
        && aggregateIndexes.equals(t.aggregateIndexes)
        && rankIndexes.equals(t.rankIndexes)
        && relations.equals(t.relations)
        && Objects.equals(defaultLimit, t.defaultLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, fields, indexes, uniqueConstraints, checkConstraints, foreignKeys,
        searchIndexes, vectorIndexes, aggregateIndexes, rankIndexes, relations, defaultLimit);
  }

  @Override
  public String toString() {
    return "TableSchema[name=" + name + ", fields=" + fields + ", indexes=" + indexes
        + ", uniqueConstraints=" + uniqueConstraints + ", checkConstraints=" + checkConstraints
        + ", foreignKeys=" + foreignKeys
        + ", searchIndexes=" + searchIndexes + ", vectorIndexes=" + vectorIndexes
        + ", aggregateIndexes=" + aggregateIndexes + ", rankIndexes=" + rankIndexes
        + ", relations=" + relations + ", defaultLimit=" + defaultLimit + "]";
  }
}
