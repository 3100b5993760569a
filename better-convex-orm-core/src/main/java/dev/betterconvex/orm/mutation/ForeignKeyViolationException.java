package dev.betterconvex.orm.mutation;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * A write would break a foreign key: a child row references a parent that does not exist, or a
 * parent row still referenced through a {@code RESTRICT} or {@code NO_ACTION} key is deleted or
 * has its referenced fields changed. The message names the key, the child and the parent table.
 */
public class ForeignKeyViolationException extends DataIntegrityViolationException {

  private final String foreignKey;
  private final String childTable;
  private final String parentTable;

  /** Creates the exception for {@code foreignKey}, declared on {@code childTable}. */
  public ForeignKeyViolationException(String foreignKey, String childTable, String parentTable,
      String message) {
    super(message);
    this.foreignKey = foreignKey;
    this.childTable = childTable;
    this.parentTable = parentTable;
  }

  /** Returns the name of the foreign key. */
  public String foreignKey() {
    return foreignKey;
  }

  /** Returns the table that declares the foreign key (the referencing table). */
  public String childTable() {
    return childTable;
  }

  /** Returns the referenced table. */
  public String parentTable() {
    return parentTable;
  }
}
