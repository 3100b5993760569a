package dev.betterconvex.orm.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A validated, immutable set of tables. Obtain one from {@link #builder()} or {@link
 * #fromEntities(Class[])}; both validate once and throw {@link InvalidSchemaException} listing
 * every problem.
 */
public final class Schema {

  private final List<TableSchema> tables;
  private final Map<String, TableSchema> byName;

  Schema(List<TableSchema> tables) {
    this.tables = List.copyOf(tables);
    Map<String, TableSchema> map = new LinkedHashMap<>();
    for (TableSchema table : tables) {
      map.putIfAbsent(table.name(), table);
    }
    this.byName = map;
  }

  /** Returns a new, empty builder. */
  public static SchemaBuilder builder() {
    return new SchemaBuilder();
  }

  /**
   * Reads a schema from classes annotated with {@code @Table}, records or plain classes.
   *
   * @throws InvalidSchemaException when the classes describe an invalid schema
   */
  public static Schema fromEntities(Class<?>... entityClasses) {
    SchemaBuilder builder = builder();
    for (Class<?> entityClass : entityClasses) {
      builder.entity(entityClass);
    }
    return builder.build();
  }

  /** Returns the tables in declaration order. */
  public List<TableSchema> tables() {
    return tables;
  }

  /** Returns the table called {@code name}, or empty. */
  public Optional<TableSchema> table(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Returns the table read from the annotated {@code entityClass}, or empty. */
  public Optional<TableSchema> table(Class<?> entityClass) {
    return tables.stream().filter(t -> t.entityClass() == entityClass).findFirst();
  }

  /**
   * Returns the table called {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown table and the tables the schema has
   */
  public TableSchema requireTable(String name) {
    @Nullable TableSchema table = byName.get(name);
    if (table == null) {
      throw new IllegalArgumentException(
          "Unknown table \"" + name + "\"; the schema has tables " + byName.keySet());
    }
    return table;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Schema s && tables.equals(s.tables);
  }

  @Override
  public int hashCode() {
    return tables.hashCode();
  }

  @Override
  public String toString() {
    return "Schema" + tables;
  }
}
