package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every written document against its table's schema, as Convex does with schema
 * validation on: no undeclared fields, not-null fields present and not null, values of the
 * declared type. The store runs it on every write; the ORM's mutations run it first (through
 * {@link EngineInternals#checkSchema}), so that their constraint checks only ever see well-typed
 * rows.
 */
final class SchemaValidation {

  private SchemaValidation() {
  }

  /**
   * Checks the user fields of a document about to be written to {@code table}.
   *
   * @throws InvalidDocumentException in Convex's words, naming the table and the field
   */
  static void check(TableSchema table, ConvexObject document) {
    for (Map.Entry<String, ConvexValue> entry : document.fields().entrySet()) {
      Optional<FieldSchema> field = table.field(entry.getKey());
      if (field.isEmpty()) {
        throw mismatch(table, "Object contains extra field `" + entry.getKey()
            + "` that is not in the validator.");
      }
      if (!field.get().accepts(entry.getValue())) {
        throw mismatch(table, "Field `" + entry.getKey() + "` must be "
            + (field.get().notNull() ? "a not-null " : "") + field.get().type().describe()
            + ", got " + entry.getValue().typeName() + " " + entry.getValue() + ".");
      }
    }
    for (FieldSchema field : table.fields()) {
      if (field.notNull() && document.get(field.name()) == null) {
        throw mismatch(table, "Object is missing the required field `" + field.name() + "`.");
      }
    }
  }

  private static InvalidDocumentException mismatch(TableSchema table, String problem) {
    return new InvalidDocumentException("Failed to insert or update a document in table \""
        + table.name() + "\" because it does not match the schema: " + problem);
  }
}
