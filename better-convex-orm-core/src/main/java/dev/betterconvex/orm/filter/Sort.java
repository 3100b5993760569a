package dev.betterconvex.orm.filter;

import dev.betterconvex.orm.schema.IndexAdvice;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One {@code orderBy} term: a field and a direction.
 *
 * @param field the document field path or entity property
 * @param descending whether the order is descending
 */
public record Sort(String field, boolean descending) implements IndexAdvice.OrderTerm {

  /** Checks the field. */
  public Sort {
    Objects.requireNonNull(field, "field");
  }

  /** Orders by {@code field}, ascending. */
  public static Sort asc(String field) {
    return new Sort(field, false);
  }

  /** Orders by {@code field}, descending. */
  public static Sort desc(String field) {
    return new Sort(field, true);
  }

  /**
   * Returns the order of documents by {@code orderBy} (document fields, as a
   * {@link FilterResolver} gives them) in the Convex order, ties newest first, then by id.
   */
  public static Comparator<Document> comparator(List<Sort> orderBy) {
    Comparator<Document> result = (a, b) -> 0;
    for (Sort s : orderBy) {
      Comparator<Document> term = (a, b) -> ValueOrder.compare(a.get(s.field()), b.get(s.field()));
      result = result.thenComparing(s.descending() ? term.reversed() : term);
    }
    return result.thenComparing(Comparator.comparingDouble(Document::creationTime).reversed())
        .thenComparing(Document::id);
  }

  @Override
  public String toString() {
    return field + (descending ? " desc" : " asc");
  }
}
