package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.RelationSchema.Kind;
import dev.betterconvex.orm.schema.RelationSchema.Through;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Declares a relation, returned by {@link TableBuilder#one}, {@link TableBuilder#many} and {@link
 * TableBuilder#manyToMany}. Fields left out are inferred when the schema is built (see {@link
 * RelationSchema} and docs/schema.md).
 */
public final class RelationBuilder {

  private final String name;
  private final Kind kind;
  private final String targetTable;
  private List<String> fields = List.of();
  private List<String> references = List.of();
  private @Nullable Through through;
  private final java.util.Map<String, dev.betterconvex.orm.value.ConvexValue> where =
      new java.util.LinkedHashMap<>();
  private @Nullable String alias;
  private @Nullable Boolean optional;

  RelationBuilder(String name, Kind kind, String targetTable) {
    this.name = name;
    this.kind = kind;
    this.targetTable = targetTable;
  }

  /** Sets the source table's fields ({@code _id} allowed). */
  public RelationBuilder fields(String... fields) {
    this.fields = List.of(fields);
    return this;
  }

  /** Sets the target table's fields paired with {@link #fields}; a single-field one defaults to {@code _id}. */
  public RelationBuilder references(String... references) {
    this.references = List.of(references);
    return this;
  }

  /** Sets the alias that pairs this relation with its inverse on the target table. */
  public RelationBuilder alias(String alias) {
    this.alias = alias;
    return this;
  }

  /** Sets whether a {@code one} relation may find no row; {@code one} relations are optional by default. */
  public RelationBuilder optional(boolean optional) {
    this.optional = optional;
    return this;
  }

  /** Sets the junction table of a many-to-many relation and its two single-field links. */
  public RelationBuilder through(String table, String sourceField, String targetField) {
    return through(table, List.of(sourceField), List.of(targetField));
  }

  /** Sets the junction table of a many-to-many relation and its (composite) links. */
  public RelationBuilder through(String table, List<String> sourceFields,
      List<String> targetFields) {
    this.through = new Through(table, sourceFields, targetFields);
    return this;
  }

  String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  String targetTable() {
    return targetTable;
  }

  List<String> fields() {
    return fields;
  }

  List<String> references() {
    return references;
  }

  @Nullable Through through() {
    return through;
  }

  @Nullable String alias() {
    return alias;
  }

  @Nullable Boolean optional() {
    return optional;
  }

  /**
   * Keeps only related rows whose {@code field} equals {@code value}, for every load of this
   * relation (Drizzle's relation {@code where}); a query's own {@code where} on the relation
   * adds to it.
   */
  public RelationBuilder where(String field, @Nullable Object value) {
    where.put(field, SchemaValues.toValue(value));
    return this;
  }

  RelationSchema resolve(List<String> resolvedFields, List<String> resolvedReferences) {
    boolean isOptional = kind == Kind.ONE && (optional == null || optional);
    return new RelationSchema(name, kind, targetTable, resolvedFields, resolvedReferences, through,
        alias, isOptional, where);
  }
}
