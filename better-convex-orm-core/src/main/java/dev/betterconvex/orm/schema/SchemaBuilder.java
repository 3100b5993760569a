package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects tables, declared programmatically or read from annotated entity classes (the two can
 * be mixed), and builds a validated {@link Schema}.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .table("users", t -> t.field("email", FieldType.string()).notNull().unique())
 *     .entity(Post.class)
 *     .build();
 * }</pre>
 */
public final class SchemaBuilder {

  private final List<TableBuilder> tables = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  SchemaBuilder() {
  }

  /** Declares the table {@code name}; {@code spec} adds its fields, indexes and relations. */
  public SchemaBuilder table(String name, Consumer<TableBuilder> spec) {
    TableBuilder table = new TableBuilder(name);
    spec.accept(table);
    tables.add(table);
    return this;
  }

  /** Declares the table described by the annotations of {@code entityClass} (a record or a class). */
  public SchemaBuilder entity(Class<?> entityClass) {
    EntityReader.Result read = EntityReader.read(entityClass);
    problems.addAll(read.problems());
    if (read.table() != null) {
      tables.add(read.table());
    }
    return this;
  }

  /**
   * Validates the declared tables and returns the schema.
   *
   * @throws InvalidSchemaException listing every problem found, one per line
   */
  public Schema build() {
    Problems found = new Problems();
    found.addAll(problems);
    List<TableSchema> drafts = new ArrayList<>();
    for (TableBuilder table : tables) {
      found.addAll(table.problems());
      drafts.add(table.buildWithoutRelations());
    }
    List<TableSchema> resolved = RelationResolver.resolve(tables, drafts, found);
    SchemaValidator.validate(resolved, found);
    found.throwIfAny();
    return new Schema(resolved);
  }
}
