package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.schema.SearchIndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Plans a text search ({@code withSearchIndex}): checks it against the declared search index
 * before anything is read (the index exists, the field searched is its search field, every
 * equality is on one of its filter fields, at most {@value SearchPlan#MAX_TERMS} terms, no
 * {@code orderBy} or {@code withIndex} beside it) and analyzes the text into its terms.
 */
final class SearchPlanner {

  private SearchPlanner() {
  }

  static QueryPlan plan(TableSchema table, QuerySpec spec, FilterResolver resolver,
      Filter postFilter, @Nullable Integer limit) {
    QuerySpec.Searching searching = spec.searching();
    String name = java.util.Objects.requireNonNull(searching.index());
    SearchFilter filter = java.util.Objects.requireNonNull(searching.filter());
    SearchIndexSchema index = table.searchIndexes().stream()
        .filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> refused("withSearchIndex(\"" + name + "\") on table \"" + table.name()
            + "\": no such search index; the table has search indexes "
            + table.searchIndexes().stream().map(SearchIndexSchema::name).toList()));
    String where = "search index " + table.name() + "." + name;
    String searched = filter.field();
    String text = filter.text();
    if (searched == null || text == null) {
      throw refused("withSearchIndex(\"" + name + "\", q -> ...) on table \"" + table.name()
          + "\" needs q.search(\"" + index.searchField() + "\", text)");
    }
    if (!resolver.field(searched).equals(index.searchField())) {
      throw refused(where + " searches field \"" + index.searchField() + "\", not \"" + searched
          + "\"");
    }
    Map<String, ConvexValue> filters = new LinkedHashMap<>();
    for (Map.Entry<String, @Nullable Object> eq : filter.equalities().entrySet()) {
      String field = resolver.field(eq.getKey());
      if (!index.filterFields().contains(field)) {
        throw refused("eq(\"" + eq.getKey() + "\", ...) in a search: \"" + field + "\" is not a "
            + "filter field of " + where + " (filter fields: " + index.filterFields()
            + "); declare it as one, or filter with where(...)");
      }
      filters.put(field, resolver.coerce(field, JavaValues.toValue(eq.getValue())));
    }
    if (!spec.orderBy().isEmpty()) {
      throw refused("orderBy " + spec.orderBy() + " cannot be combined with withSearchIndex: a "
          + "search returns rows in relevance order");
    }
    if (spec.explicit() != null) {
      throw refused("withIndex cannot be combined with withSearchIndex: a search reads its "
          + "search index");
    }
    List<String> tokens = EngineInternals.searchTerms(text);
    LinkedHashSet<String> distinct = new LinkedHashSet<>(tokens);
    if (distinct.size() > SearchPlan.MAX_TERMS) {
      throw refused("The search text of " + where + " has " + distinct.size() + " distinct terms; "
          + "a search takes at most " + SearchPlan.MAX_TERMS);
    }
    String prefix = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1);
    List<String> terms = new ArrayList<>(distinct);
    terms.remove(prefix);
    SearchPlan search = new SearchPlan(name, index.searchField(), text, terms, prefix, filters,
        SearchPlan.MAX_RESULTS, searching.includeScore());
    return new QueryPlan(table.name(), name, List.of(), postFilter, List.of(), Order.ASC,
        QueryPlan.OrderStrategy.INDEX, false, spec.allowFullScan(), limit, spec.offset(),
        "BM25 over " + index.searchField() + ", filter fields " + index.filterFields(), null,
        search);
  }

  private static InvalidDataAccessApiUsageException refused(String message) {
    return new InvalidDataAccessApiUsageException(message);
  }
}
