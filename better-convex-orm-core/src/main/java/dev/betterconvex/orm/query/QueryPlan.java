package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.Order;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How a query reads: the index, one legal range per probe, the filter run again on every
 * document read, and how the order is produced. {@code explain()} returns it; its
 * {@link #toString()} is the human-readable form documented in {@code docs/queries.md}.
 *
 * @param table the table read
 * @param index the index read
 * @param probes the ranges read, merged in the plan's order; empty when nothing needs reading
 * @param postFilter the whole original predicate, run on every document read (but for the
 *     top-level equalities that every probe's range pins, which the index key already holds)
 * @param orderBy the requested order, or empty for the index order
 * @param scanOrder the direction the index is read in
 * @param orderStrategy whether the index produces the order or rows are sorted after reading
 * @param fullScan whether the read is not narrowed by the index at all
 * @param fullScanAllowed whether {@code allowFullScan()} was given
 * @param limit the limit applied after filtering, or null for none
 * @param offset how many matching rows are skipped
 * @param reason why this index was chosen
 * @param vector how a vector search reads, or null for an index read
 * @param search the text search read instead of index ranges, or null (then {@code index} is
 *     the search index and {@code probes} is empty)
 */
public record QueryPlan(String table, String index, List<Probe> probes, Filter postFilter,
    List<Sort> orderBy, Order scanOrder, OrderStrategy orderStrategy, boolean fullScan,
    boolean fullScanAllowed, @Nullable Integer limit, int offset, String reason,
    @Nullable VectorPlan vector, @Nullable SearchPlan search) {

  /** How many probes {@link #toString()} lists before it only counts the rest. */
  private static final int SHOWN_PROBES = 10;

  /** Copies the lists. */
  public QueryPlan {
    probes = List.copyOf(probes);
    orderBy = List.copyOf(orderBy);
  }

  /** The plan of an index read. */
  public QueryPlan(String table, String index, List<Probe> probes, Filter postFilter,
      List<Sort> orderBy, Order scanOrder, OrderStrategy orderStrategy, boolean fullScan,
      boolean fullScanAllowed, @Nullable Integer limit, int offset, String reason) {
    this(table, index, probes, postFilter, orderBy, scanOrder, orderStrategy, fullScan,
        fullScanAllowed, limit, offset, reason, null, null);
  }

  /** How the result order is produced. */
  public enum OrderStrategy {
    /** The index reads rows in the requested order (probes merged by index key). */
    INDEX,
    /** Rows are read, then sorted; allowed only with {@code allowFullScan()}. */
    SORT_AFTER_READ
  }

  /**
   * One index range of the plan.
   *
   * @param range the legal range
   * @param prefixLength how many leading bytes of every key in the range the merge across
   *     probes skips: the equality prefix when an {@code orderBy} the index serves orders the
   *     rows, 0 when they come in the index order (then disjoint probes are read one after
   *     another, in key order)
   */
  public record Probe(IndexRange range, int prefixLength) {

    @Override
    public String toString() {
      return range.toString();
    }
  }

  /** Returns whether the plan reads nothing at all (the filter can match nothing). */
  public boolean readsNothing() {
    return vector == null
        && (search == null ? probes.isEmpty() : search.prefix().isEmpty());
  }

  @Override
  public String toString() {
    SearchPlan text = search;
    if (text != null) {
      return searchString(text);
    }
    StringBuilder out = new StringBuilder();
    if (vector != null) {
      out.append("table: ").append(table).append('\n');
      out.append("vector index: ").append(vector.index()).append(" (").append(vector.vectorField())
          .append(", ").append(vector.dimensions()).append(" dimensions), exact search: every "
              + "stored vector the filter keeps, scored, the best ").append(limit).append(" kept\n");
      out.append("vector filter: ").append(vector.filter() == null ? "none"
          : vector.filter().toString()).append('\n');
      out.append("scoring: ").append(vector.scoring()).append(", scores kept: ")
          .append(vector.scores()).append('\n');
      out.append("order: score desc, then _id\n");
      out.append("limit: ").append(limit).append('\n');
      out.append("row-level security: ").append(vector.rowLevelSecurity()
          ? "checked on every document read" : "none").append('\n');
      out.append("score: ").append(vector.includeScore() ? "included" : "not included");
      return out.toString();
    }
    out.append("table: ").append(table).append('\n');
    out.append("index: ").append(index).append(" (").append(reason).append(")\n");
    if (probes.isEmpty()) {
      out.append("ranges: none, the filter matches nothing\n");
    }
    else if (probes.size() == 1) {
      out.append("range: ").append(probes.get(0)).append('\n');
    }
    else {
      boolean indexOrder = probes.stream().allMatch(p -> p.prefixLength() == 0);
      out.append("ranges (").append(probes.size()).append(indexOrder
          ? " probes, read one after another in index order):\n"
          : " probes, merged by the order):\n");
      out.append(probes.stream().limit(SHOWN_PROBES).map(p -> "  " + p)
          .collect(Collectors.joining("\n"))).append('\n');
      if (probes.size() > SHOWN_PROBES) {
        out.append("  ... and ").append(probes.size() - SHOWN_PROBES).append(" more\n");
      }
    }
    out.append("post-filter: ").append(postFilter).append('\n');
    out.append("order: ").append(orderBy.isEmpty() ? "index order" : orderBy.toString())
        .append(", ").append(orderStrategy == OrderStrategy.INDEX
            ? "read from the index " + scanOrder.name().toLowerCase(java.util.Locale.ROOT)
            : "sorted after reading")
        .append('\n');
    out.append("limit: ").append(limit == null ? "none" : limit.toString());
    if (offset > 0) {
      out.append(", offset: ").append(offset);
    }
    out.append('\n');
    out.append("full scan: ").append(fullScan ? "yes" : "no")
        .append(", allowFullScan: ").append(fullScanAllowed ? "yes" : "no");
    return out.toString();
  }

  private String searchString(SearchPlan text) {
    StringBuilder out = new StringBuilder();
    out.append("table: ").append(table).append('\n');
    out.append("search index: ").append(text.index()).append(" (").append(reason).append(")\n");
    out.append("search: ").append(text.searchField()).append(" matches \"").append(text.text())
        .append("\"");
    if (text.prefix().isEmpty()) {
      out.append(", no terms: nothing matches\n");
    }
    else {
      out.append(", terms ").append(text.terms()).append(", prefix \"").append(text.prefix())
          .append("\"\n");
    }
    out.append("filters: ").append(text.filters().isEmpty() ? "none"
        : text.filters().entrySet().stream().map(e -> e.getKey() + " == " + e.getValue())
            .collect(Collectors.joining(" AND "))).append('\n');
    out.append("post-filter: ").append(postFilter).append('\n');
    out.append("order: relevance (BM25, k1 = 1.2, b = 0.75), ties by _id\n");
    out.append("limit: ").append(limit == null ? "none" : limit.toString());
    if (offset > 0) {
      out.append(", offset: ").append(offset);
    }
    out.append(", at most ").append(text.maxResults()).append(" results per search");
    if (text.includeScore()) {
      out.append("\nscore: included as _score");
    }
    return out.toString();
  }
}
