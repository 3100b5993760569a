package dev.betterconvex.orm.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a text search looks for, as Convex's {@code withSearchIndex} filter builder says it:
 * {@code q -> q.search("body", "hello wor").eq("authorId", id)}: one {@link #search} of the
 * index's search field, and equalities on its filter fields. Immutable: each call returns a new
 * filter. Checked against the index when the query runs, before reading.
 */
public final class SearchFilter {

  private final @Nullable String field;
  private final @Nullable String text;
  private final Map<String, @Nullable Object> equalities;

  SearchFilter() {
    this(null, null, new LinkedHashMap<>());
  }

  private SearchFilter(@Nullable String field, @Nullable String text,
      Map<String, @Nullable Object> equalities) {
    this.field = field;
    this.text = text;
    this.equalities = equalities;
  }

  /**
   * Searches {@code text} in {@code field}, the index's search field: its terms (Lucene's
   * standard tokenizer, case-folded) each match a word of the field, the last one also as a
   * prefix of a word; a document matching more of them, more often, in a shorter field, ranks
   * higher (BM25).
   *
   * @throws IllegalArgumentException when called twice
   */
  public SearchFilter search(String field, String text) {
    if (this.field != null) {
      throw new IllegalArgumentException("search(...) is given twice (first on \"" + this.field
          + "\"); a search index searches one field once");
    }
    return new SearchFilter(field, text, equalities);
  }

  /**
   * Keeps the documents whose filter field {@code field} equals {@code value} (a Java value, as
   * {@code Filters.eq} takes it; null matches a stored null).
   *
   * @throws IllegalArgumentException when {@code field} is filtered twice
   */
  public SearchFilter eq(String field, @Nullable Object value) {
    if (equalities.containsKey(field)) {
      throw new IllegalArgumentException("eq(\"" + field + "\", ...) is given twice in one "
          + "search");
    }
    Map<String, @Nullable Object> more = new LinkedHashMap<>(equalities);
    more.put(field, value);
    return new SearchFilter(field(), text, more);
  }

  @Nullable String field() {
    return field;
  }

  @Nullable String text() {
    return text;
  }

  /** The equalities, in the order given. */
  Map<String, @Nullable Object> equalities() {
    return Collections.unmodifiableMap(equalities);
  }

  /** The fields filtered on, in the order given. */
  List<String> filterFields() {
    return new ArrayList<>(equalities.keySet());
  }
}
