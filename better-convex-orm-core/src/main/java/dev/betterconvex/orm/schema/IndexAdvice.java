package dev.betterconvex.orm.schema;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules about which index serves a read, in one place for the schema checks, the query and
 * relation planners and the repository checks: "an index led by these fields", "this index gives
 * this order", and the text that suggests a missing index (named as Convex names them,
 * {@code by_a_and_b}). Used by the ORM's layers; not for application code.
 */
public final class IndexAdvice {

  /** One order term: a field and a direction ({@code Sort} is one). */
  public interface OrderTerm {

    /** Returns the field ordered by. */
    String field();

    /** Returns whether the order is descending. */
    boolean descending();
  }

  private IndexAdvice() {
  }

  /** Returns whether {@code keyFields} start with exactly {@code fields}, in any order. */
  public static boolean ledBy(List<String> keyFields, Collection<String> fields) {
    int n = fields.size();
    return keyFields.size() >= n && new HashSet<>(keyFields.subList(0, n))
        .equals(new HashSet<>(fields));
  }

  /** Returns whether a declared index of {@code table} is led by {@code fields}. */
  public static boolean hasIndexLedBy(TableSchema table, Collection<String> fields) {
    return table.indexes().stream().anyMatch(index -> ledBy(index.fields(), fields));
  }

  /**
   * Returns whether reading an index with key fields {@code keyFields}, the first {@code from} of
   * them pinned to one value, yields rows in {@code order} (terms on pinned fields already
   * dropped): the order's fields must be the key fields right after the pinned ones, all in one
   * direction. No order means the index order, which every index serves.
   */
  public static boolean servesOrder(List<String> keyFields, int from,
      List<? extends OrderTerm> order) {
    if (order.isEmpty()) {
      return true;
    }
    boolean descending = order.get(0).descending();
    for (int j = 0; j < order.size(); j++) {
      int position = from + j;
      if (position >= keyFields.size() || !keyFields.get(position).equals(order.get(j).field())
          || order.get(j).descending() != descending) {
        return false;
      }
    }
    return true;
  }

  /** Returns the name Convex gives an index on {@code fields}: {@code by_a_and_b}. */
  public static String indexName(List<String> fields) {
    return "by_" + String.join("_and_", fields).replace('.', '_');
  }

  /** Returns the builder declaration of an index on {@code fields}: {@code index("by_a", "a")}. */
  public static String builderDeclaration(List<String> fields) {
    return "index(\"" + indexName(fields) + "\", " + quoted(fields) + ")";
  }

  /** Returns the annotation of an index on {@code fields}: {@code @Index(name = ..., ...)}. */
  public static String annotationDeclaration(List<String> fields) {
    return "@Index(name = \"" + indexName(fields) + "\", fields = {" + quoted(fields) + "})";
  }

  /** Returns the declaration of an index on {@code fields}, in builder and annotation form. */
  public static String suggestIndex(List<String> fields) {
    return builderDeclaration(fields) + " or " + annotationDeclaration(fields);
  }

  private static String quoted(List<String> fields) {
    return fields.stream().map(f -> '"' + f + '"').collect(Collectors.joining(", "));
  }
}
