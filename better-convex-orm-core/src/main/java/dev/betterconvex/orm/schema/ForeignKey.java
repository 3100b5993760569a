package dev.betterconvex.orm.schema;

import java.util.List;

/**
 * A foreign key from fields of the owning table to {@code _id} or to the fields of a unique
 * constraint of {@code targetTable}. Inserts and updates check that the parent exists.
 *
 * @param name the foreign key name, unique within its table
 * @param fields the child (owning table) fields, in order
 * @param targetTable the parent table
 * @param targetFields the parent fields, paired by position with {@code fields}
 * @param onDelete the action when the parent row is deleted
 * @param onUpdate the action when the parent's referenced fields change
 */
public record ForeignKey(
    String name,
    List<String> fields,
    String targetTable,
    List<String> targetFields,
    ReferentialAction onDelete,
    ReferentialAction onUpdate) {

  /** Creates a foreign key holding immutable copies of the field lists. */
  public ForeignKey {
    fields = List.copyOf(fields);
    targetFields = List.copyOf(targetFields);
  }
}
