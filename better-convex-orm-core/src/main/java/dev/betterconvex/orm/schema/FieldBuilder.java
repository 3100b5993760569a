package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Declares one field of a table: nullability, defaults, on-update function, uniqueness and a
 * foreign key. Returned by {@link TableBuilder#field(String, FieldType)}; every method returns
 * this builder.
 */
public final class FieldBuilder {

  private final TableBuilder table;
  private final String name;
  private final FieldType type;
  private boolean notNull;
  private @Nullable ConvexValue defaultValue;
  private @Nullable Supplier<ConvexValue> defaultFn;
  private @Nullable Supplier<ConvexValue> onUpdateFn;

  FieldBuilder(TableBuilder table, String name, FieldType type) {
    this.table = table;
    this.name = name;
    this.type = type;
  }

  /** Refuses null and missing values for this field. */
  public FieldBuilder notNull() {
    this.notNull = true;
    return this;
  }

  /**
   * Sets the static default, used only when the value is absent on insert. Accepts a {@link
   * ConvexValue}, {@code null} (a default of null), String, Long, Integer, Short, Double, Float,
   * Boolean, byte[] or an enum constant (its name).
   */
  public FieldBuilder defaultValue(@Nullable Object value) {
    try {
      this.defaultValue = SchemaValues.toValue(value);
    } catch (IllegalArgumentException ex) {
      table.problem(Problems.field(table.name(), name), "default value: " + ex.getMessage());
    }
    return this;
  }

  /** Computes the default at each insert where the value is absent; the result is converted as by {@link #defaultValue}. */
  public FieldBuilder defaultFn(Supplier<?> fn) {
    this.defaultFn = () -> SchemaValues.toValue(fn.get());
    return this;
  }

  /**
   * Computes a value on every update and upsert that does not set this field, and fills a missing
   * value on insert; the result is converted as by {@link #defaultValue}.
   */
  public FieldBuilder onUpdate(Supplier<?> fn) {
    this.onUpdateFn = () -> SchemaValues.toValue(fn.get());
    return this;
  }

  /** Adds the unique constraint {@code <table>_<field>_unique} on this field alone (nulls distinct). */
  public FieldBuilder unique() {
    table.unique(table.name() + "_" + name + "_unique", name);
    return this;
  }

  /** Adds a foreign key {@code <table>_<field>_fk} to {@code _id} of {@code targetTable}, with no action. */
  public FieldBuilder references(String targetTable) {
    return references(targetTable, FieldSchema.ID, ReferentialAction.NO_ACTION,
        ReferentialAction.NO_ACTION);
  }

  /** Adds a foreign key {@code <table>_<field>_fk} to {@code _id} of {@code targetTable}. */
  public FieldBuilder references(String targetTable, ReferentialAction onDelete) {
    return references(targetTable, FieldSchema.ID, onDelete, ReferentialAction.NO_ACTION);
  }

  /**
   * Adds a foreign key {@code <table>_<field>_fk} to {@code targetField} of {@code targetTable},
   * which must be {@code _id} or the only field of a unique constraint there.
   */
  public FieldBuilder references(String targetTable, String targetField,
      ReferentialAction onDelete, ReferentialAction onUpdate) {
    table.foreignKey(table.name() + "_" + name + "_fk", name)
        .references(targetTable, targetField)
        .onDelete(onDelete)
        .onUpdate(onUpdate);
    return this;
  }

  String name() {
    return name;
  }

  FieldType type() {
    return type;
  }

  FieldSchema build() {
    return new FieldSchema(name, type, notNull, defaultValue, defaultFn, onUpdateFn);
  }

  static List<FieldSchema> buildAll(List<FieldBuilder> builders) {
    return builders.stream().map(FieldBuilder::build).toList();
  }
}
