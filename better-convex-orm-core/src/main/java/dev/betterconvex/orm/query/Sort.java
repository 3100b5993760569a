package dev.betterconvex.orm.query;

import java.util.Objects;

/**
 * One {@code orderBy} term: a field and a direction.
 *
 * @param field the document field path or entity property
 * @param descending whether the order is descending
 */
public record Sort(String field, boolean descending) {

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

  @Override
  public String toString() {
    return field + (descending ? " desc" : " asc");
  }
}
