package dev.betterconvex.orm.schema;

import java.util.List;

/**
 * Declares a (possibly composite) foreign key, Drizzle style:
 * {@code t.foreignKey("fk_name", "a", "b").references("parents", "x", "y").onDelete(CASCADE)}.
 * Both actions default to {@link ReferentialAction#NO_ACTION}.
 */
public final class ForeignKeyBuilder {

  private final String name;
  private final List<String> fields;
  private String targetTable = "";
  private List<String> targetFields = List.of();
  private ReferentialAction onDelete = ReferentialAction.NO_ACTION;
  private ReferentialAction onUpdate = ReferentialAction.NO_ACTION;

  ForeignKeyBuilder(String name, List<String> fields) {
    this.name = name;
    this.fields = List.copyOf(fields);
  }

  /** Sets the parent table and its fields ({@code _id} when none are given). */
  public ForeignKeyBuilder references(String table, String... fields) {
    this.targetTable = table;
    this.targetFields = fields.length == 0 ? List.of(FieldSchema.ID) : List.of(fields);
    return this;
  }

  /** Sets the action taken on child rows when the parent row is deleted. */
  public ForeignKeyBuilder onDelete(ReferentialAction action) {
    this.onDelete = action;
    return this;
  }

  /** Sets the action taken on child rows when the parent's referenced fields change. */
  public ForeignKeyBuilder onUpdate(ReferentialAction action) {
    this.onUpdate = action;
    return this;
  }

  ForeignKey build() {
    return new ForeignKey(name, fields, targetTable, targetFields, onDelete, onUpdate);
  }
}
