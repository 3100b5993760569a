package dev.betterconvex.orm.query;

import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.Map;

/**
 * How a text search reads ({@code explain()} of a query with {@code withSearchIndex}): the
 * search index, the text and the terms its analysis found, the equalities on filter fields, and
 * the most results one search ranks.
 *
 * @param index the search index
 * @param searchField the field searched
 * @param text the text searched for
 * @param terms the distinct terms matched as whole words (in order)
 * @param prefix the last term, matched as a prefix of a word (itself included); empty when the
 *     text has no terms (then nothing matches)
 * @param filters the filter fields and their values, in the order given
 * @param maxResults the most results one search ranks ({@value #MAX_RESULTS})
 * @param includeScore whether each row carries its score ({@code _score})
 */
public record SearchPlan(String index, String searchField, String text, List<String> terms,
    String prefix, Map<String, ConvexValue> filters, int maxResults, boolean includeScore) {

  /** The most results one search ranks, as in Convex. */
  public static final int MAX_RESULTS = 1024;

  /** The most terms a search text may have, as in Convex. */
  public static final int MAX_TERMS = 16;

  /** Copies the collections. */
  public SearchPlan {
    terms = List.copyOf(terms);
    filters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(filters));
  }

  /** Every term the engine matches: the whole-word terms, then the prefix. */
  List<String> allTerms() {
    if (prefix.isEmpty()) {
      return List.of();
    }
    List<String> all = new java.util.ArrayList<>(terms);
    all.add(prefix);
    return all;
  }
}
