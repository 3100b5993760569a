package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexObject;
import java.util.Collection;
import java.util.Map;

/**
 * The engine's service interface for its own layers (the ORM's mutations): batched reads and
 * the schema check; not part of the database API and not for application code, which reads and
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
   * Returns the documents of {@code table} with these ids that exist, by id, in one SQL
   * statement per 1,000 distinct ids. Ids that are malformed or name another table are absent
   * from the result. Each distinct id counts against the transaction limits as one
   * {@link DatabaseReader#get(String, String)} does: one index range, and one document read when
   * it exists.
   */
  Map<String, Document> getAll(String table, Collection<String> ids);
}
