package dev.betterconvex.orm.query;

/**
 * A declarative order of the groups of a {@link GroupByQuery}: {@code GroupOrder.count().desc()},
 * {@code GroupOrder.by("status").asc()}, {@code GroupOrder.sum("amount").desc()}. Ascending
 * unless {@link #desc()}; a figure over no value comes first when ascending (as a missing field
 * does in the Convex order), last when descending; a sum orders as the exact number, with
 * minus infinity first and NaN after plus infinity. Groups that tie on every order are in the
 * key order of their {@code by} values, so the order is total and a cursor resumes it exactly.
 * Every figure named must be one the group-by computes: it is checked before anything is read.
 * Immutable.
 */
public final class GroupOrder {

  private final GroupFigure figure;
  private final boolean descending;

  private GroupOrder(GroupFigure figure, boolean descending) {
    this.figure = figure;
    this.descending = descending;
  }

  /** Orders by the value of the {@code by} field {@code field}. */
  public static GroupOrder by(String field) {
    return new GroupOrder(new GroupFigure(GroupFigure.Kind.BY, field), false);
  }

  /** Orders by the row count. */
  public static GroupOrder count() {
    return new GroupOrder(new GroupFigure(GroupFigure.Kind.COUNT, null), false);
  }

  /** Orders by the exact sum of {@code field} (the aggregation must compute {@code sum(field)}). */
  public static GroupOrder sum(String field) {
    return new GroupOrder(new GroupFigure(GroupFigure.Kind.SUM, field), false);
  }

  /** Orders by the average of {@code field} (the aggregation must compute {@code avg(field)}). */
  public static GroupOrder avg(String field) {
    return new GroupOrder(new GroupFigure(GroupFigure.Kind.AVG, field), false);
  }

  /** Orders by the smallest value of {@code field} (the aggregation must compute it). */
  public static GroupOrder min(String field) {
    return new GroupOrder(new GroupFigure(GroupFigure.Kind.MIN, field), false);
  }

  /** Orders by the largest value of {@code field} (the aggregation must compute it). */
  public static GroupOrder max(String field) {
    return new GroupOrder(new GroupFigure(GroupFigure.Kind.MAX, field), false);
  }

  /** This order, smallest first. */
  public GroupOrder asc() {
    return new GroupOrder(figure, false);
  }

  /** This order, largest first. */
  public GroupOrder desc() {
    return new GroupOrder(figure, true);
  }

  GroupFigure figure() {
    return figure;
  }

  boolean descending() {
    return descending;
  }

  @Override
  public String toString() {
    return figure + (descending ? " desc" : " asc");
  }
}
