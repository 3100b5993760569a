package dev.betterconvex.orm.store;

import java.util.Map;

/**
 * Reads and writes documents inside a transaction: Convex's {@code ctx.db} in a mutation.
 * {@code _id} and {@code _creationTime} are given by the engine and can never be written.
 * Java values are converted with {@link dev.betterconvex.orm.value.JavaValues#toValue}.
 */
public interface DatabaseWriter extends DatabaseReader {

  /** Marks a field for removal in {@link #patch}, as Convex's {@code undefined}. */
  Unset UNSET = Unset.UNSET;

  /** The type of {@link #UNSET}. */
  enum Unset {
    /** Removes the field it is the value of. */
    UNSET
  }

  /** Inserts a new document into {@code table} and returns its {@code _id}. */
  String insert(String table, Map<String, ?> fields);

  /**
   * Merges {@code fields} into the document: new fields are added, existing ones overwritten,
   * fields whose value is {@link #UNSET} removed.
   *
   * @throws InvalidDocumentException when the document does not exist
   */
  void patch(String id, Map<String, ?> fields);

  /**
   * Replaces all user fields of the document with {@code fields}.
   *
   * @throws InvalidDocumentException when the document does not exist
   */
  void replace(String id, Map<String, ?> fields);

  /**
   * Deletes the document.
   *
   * @throws InvalidDocumentException when the document does not exist
   */
  void delete(String id);
}
