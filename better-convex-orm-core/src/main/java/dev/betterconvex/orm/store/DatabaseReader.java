package dev.betterconvex.orm.store;

import java.util.Optional;

/** Reads documents inside a transaction: the equivalent of Convex's {@code ctx.db} in a query. */
public interface DatabaseReader {

  /**
   * Returns the document with this id, or empty when it does not exist (or names a table the
   * schema does not have).
   *
   * @throws dev.betterconvex.orm.value.InvalidIdException when {@code id} is not a well-formed id
   */
  Optional<Document> get(String id);

  /**
   * Returns the document of {@code table} with this id, or empty when it does not exist or the
   * id belongs to another table.
   *
   * @throws dev.betterconvex.orm.value.InvalidIdException when {@code id} is not a well-formed id
   */
  Optional<Document> get(String table, String id);

  /**
   * Returns {@code id} when it is a well-formed id of a document of {@code table}, and empty
   * when it does not decode or names another table. Reads nothing.
   */
  Optional<String> normalizeId(String table, String id);

  /** Starts a query over {@code table}. */
  TableQuery query(String table);
}
