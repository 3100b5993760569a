package dev.betterconvex.orm.schema;

import java.util.List;

/**
 * A vector index over one {@code vector(dimensions)} field, with equality-only filter fields.
 *
 * @param name the index name, unique within its table across all index kinds
 * @param vectorField the field holding the vectors
 * @param dimensions the vector length, equal to the field type's dimensions
 * @param filterFields the fields a vector search may filter on
 */
public record VectorIndexSchema(
    String name, String vectorField, int dimensions, List<String> filterFields) {

  /** Creates a vector index holding an immutable copy of {@code filterFields}. */
  public VectorIndexSchema {
    filterFields = List.copyOf(filterFields);
  }
}
