package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's service interface for its own layers (the ORM's mutations): batched reads and
 * writes and the schema check; not part of the database API and not for application code, which reads and
 * writes through {@link DatabaseReader} and {@link DatabaseWriter}. The database of
 * {@link ConvexEngine#mutation} implements it; it may change in any release.
 */
public interface EngineInternals {

  /**
   * Checks the user fields of a document about to be written to {@code table} against the
   * schema, as every write of the store does.
   *
   * @throws InvalidDocumentException in Convex's words, naming the table and the field
   */
  static void checkSchema(TableSchema table, ConvexObject document) {
    SchemaValidation.check(table, document);
  }

  /**
   * Returns the codec that seals and opens the pagination cursors of {@code engine}'s database
   * (the ORM's paginator and index sources use it).
   */
  static CursorCodec cursors(ConvexEngine engine) {
    return engine.cursors();
  }

  /**
   * Returns the documents of {@code table} with these ids that exist, by id, in one SQL
   * statement per 1,000 distinct ids. Ids that are malformed or name another table are absent
   * from the result. Each distinct id counts against the transaction limits as one
   * {@link DatabaseReader#get(String, String)} does: one index range, and one document read when
   * it exists.
   */
  Map<String, Document> getAll(String table, Collection<String> ids);
  /**
   * Like {@link DatabaseWriter#replace(String, Map)} of {@code current.id()}, for a document the
   * caller has read in this transaction and not written since: one {@code UPDATE}, without
   * reading it again (every key column is set from the new fields).
   *
   * @throws InvalidDocumentException when the document no longer exists or {@code fields}
   *     break the schema, as {@code replace} does
   */
  void replace(Document current, Map<String, ?> fields);

  /**
   * Like {@link DatabaseWriter#insert}, but the row is written only if, for each position, the
   * document {@code parentIds[i]} of table {@code parentTables[i]} exists (a null id requires
   * nothing), as the database sees it when the row is sent: on PostgreSQL in the statement that
   * inserts the row, on H2 by a read right before it. The row is buffered like any insert; use
   * {@link #flush} to send it.
   *
   * @throws MissingParentException (when the row is sent) if a required document is missing;
   *     the transaction must then be rolled back
   */
  String insertIfParentsExist(String table, Map<String, ?> fields, List<String> parentTables,
      List<@Nullable String> parentIds);

  /** Sends the rows buffered for {@code table} now. */
  void flush(String table);
}
