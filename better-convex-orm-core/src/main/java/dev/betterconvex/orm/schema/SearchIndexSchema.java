package dev.betterconvex.orm.schema;

import java.util.List;

/**
 * A full-text search index over one string field, with equality-only filter fields.
 *
 * @param name the index name, unique within its table across all index kinds
 * @param searchField the string field whose text is indexed
 * @param filterFields the fields a search may filter on with {@code eq}
 */
public record SearchIndexSchema(String name, String searchField, List<String> filterFields) {

  /** Creates a search index holding an immutable copy of {@code filterFields}. */
  public SearchIndexSchema {
    filterFields = List.copyOf(filterFields);
  }
}
