package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.store.AggregateSum;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import dev.betterconvex.orm.value.ValueOrder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A declarative condition on the figures of a group, for {@link GroupByQuery#having}:
 * {@code Having.count().gte(2)}, {@code Having.sum("amount").gt(100)},
 * {@code Having.and(...)}, {@code Having.or(...)}. A figure over no value (the sum, average,
 * minimum or maximum of a group where the field is always missing or null) satisfies no
 * comparison, as in SQL; a NaN sum or average satisfies only {@code ne}. Every figure named must
 * be one the group-by computes: it is checked before anything is read. Immutable.
 */
public final class Having {

  private final @Nullable GroupFigure figure;
  private final Filter.@Nullable Op op;
  private final @Nullable Object operand;
  /** For and/or: the parts, and whether it is an or. */
  private final List<Having> parts;
  private final boolean any;

  private Having(@Nullable GroupFigure figure, Filter.@Nullable Op op, @Nullable Object operand,
      List<Having> parts, boolean any) {
    this.figure = figure;
    this.op = op;
    this.operand = operand;
    this.parts = List.copyOf(parts);
    this.any = any;
  }

  /** The row count of the group. */
  public static Figure count() {
    return new Figure(new GroupFigure(GroupFigure.Kind.COUNT, null));
  }

  /** The exact sum of {@code field} (the aggregation must compute {@code sum(field)}). */
  public static Figure sum(String field) {
    return new Figure(new GroupFigure(GroupFigure.Kind.SUM, field));
  }

  /** The average of {@code field} (the aggregation must compute {@code avg(field)}). */
  public static Figure avg(String field) {
    return new Figure(new GroupFigure(GroupFigure.Kind.AVG, field));
  }

  /** The smallest value of {@code field}, in the Convex order. */
  public static Figure min(String field) {
    return new Figure(new GroupFigure(GroupFigure.Kind.MIN, field));
  }

  /** The largest value of {@code field}, in the Convex order. */
  public static Figure max(String field) {
    return new Figure(new GroupFigure(GroupFigure.Kind.MAX, field));
  }

  /** Holds when every one of {@code conditions} holds (and of none: always). */
  public static Having and(Having... conditions) {
    return new Having(null, null, null, List.of(conditions), false);
  }

  /** Holds when at least one of {@code conditions} holds (or of none: never). */
  public static Having or(Having... conditions) {
    return new Having(null, null, null, List.of(conditions), true);
  }

  /**
   * A figure of a group, to compare: {@code count}, {@code sum} and {@code avg} with numbers
   * (exactly, as decimals), {@code min} and {@code max} with values in the Convex order.
   */
  public static final class Figure {

    private final GroupFigure figure;

    private Figure(GroupFigure figure) {
      this.figure = figure;
    }

    /** The figure equals {@code value}. */
    public Having eq(Object value) {
      return compare(Filter.Op.EQ, value);
    }

    /** The figure is present and differs from {@code value}. */
    public Having ne(Object value) {
      return compare(Filter.Op.NE, value);
    }

    /** The figure is greater than {@code value}. */
    public Having gt(Object value) {
      return compare(Filter.Op.GT, value);
    }

    /** The figure is greater than or equal to {@code value}. */
    public Having gte(Object value) {
      return compare(Filter.Op.GTE, value);
    }

    /** The figure is less than {@code value}. */
    public Having lt(Object value) {
      return compare(Filter.Op.LT, value);
    }

    /** The figure is less than or equal to {@code value}. */
    public Having lte(Object value) {
      return compare(Filter.Op.LTE, value);
    }

    private Having compare(Filter.Op op, Object value) {
      boolean numeric = figure.kind() == GroupFigure.Kind.COUNT
          || figure.kind() == GroupFigure.Kind.SUM || figure.kind() == GroupFigure.Kind.AVG;
      Object operand = numeric ? decimal(value) : JavaValues.toValue(value);
      return new Having(figure, op, operand, List.of(), false);
    }

    private BigDecimal decimal(@Nullable Object value) {
      if (value instanceof BigDecimal d) {
        return d;
      }
      if (value instanceof BigInteger i) {
        return new BigDecimal(i);
      }
      if (value instanceof Long || value instanceof Integer || value instanceof Short
          || value instanceof Byte) {
        return BigDecimal.valueOf(((Number) value).longValue());
      }
      if ((value instanceof Double || value instanceof Float)
          && Double.isFinite(((Number) value).doubleValue())) {
        return new BigDecimal(((Number) value).doubleValue());
      }
      throw new IllegalArgumentException("having " + figure + " compares with a finite number "
          + "(Long, Integer, Double, BigDecimal, BigInteger), got " + value
          + (value == null ? "" : " (" + value.getClass().getName() + ")"));
    }
  }

  /** Fails unless the query computes every figure of this condition. */
  void check(List<String> by, Aggregation aggregation) {
    if (figure != null) {
      figure.check("having", by, aggregation);
    }
    for (Having part : parts) {
      part.check(by, aggregation);
    }
  }

  /** Whether {@code group} passes. */
  boolean test(AggregateGroup group) {
    if (figure == null) {
      for (Having part : parts) {
        if (part.test(group) == any) {
          return any;
        }
      }
      return !any;
    }
    Integer c = compareTo(group);
    if (c == null) {
      return op == Filter.Op.NE && isNaN(group);
    }
    return switch (java.util.Objects.requireNonNull(op)) {
      case EQ -> c == 0;
      case NE -> c != 0;
      case GT -> c > 0;
      case GTE -> c >= 0;
      case LT -> c < 0;
      case LTE -> c <= 0;
    };
  }

  /** The figure compared with the operand, or null when it has no value or is NaN. */
  private @Nullable Integer compareTo(AggregateGroup group) {
    GroupFigure f = java.util.Objects.requireNonNull(figure);
    AggregateResult result = group.result();
    switch (f.kind()) {
      case COUNT:
        return BigDecimal.valueOf(group.count()).compareTo((BigDecimal) operand);
      case SUM: {
        AggregateSum sum = result.exactSum(f.name());
        if (sum.values() == 0) {
          return null;
        }
        if (sum.nonFinite()) {
          return compareDouble(sum.toDouble());
        }
        return sum.finite().compareTo((BigDecimal) operand);
      }
      case AVG: {
        Double avg = result.avg(f.name());
        return avg == null ? null : compareDouble(avg);
      }
      default: {
        ConvexValue value = f.kind() == GroupFigure.Kind.MIN ? result.min(f.name())
            : result.max(f.name());
        return value == null ? null : ValueOrder.compare(value, (ConvexValue) operand);
      }
    }
  }

  private @Nullable Integer compareDouble(double value) {
    if (Double.isNaN(value)) {
      return null;
    }
    return Double.isInfinite(value) ? (value > 0 ? 1 : -1)
        : new BigDecimal(value).compareTo((BigDecimal) operand);
  }

  private boolean isNaN(AggregateGroup group) {
    GroupFigure f = java.util.Objects.requireNonNull(figure);
    if (f.kind() == GroupFigure.Kind.SUM) {
      AggregateSum sum = group.result().exactSum(f.name());
      return sum.values() > 0 && Double.isNaN(sum.toDouble());
    }
    if (f.kind() == GroupFigure.Kind.AVG) {
      Double avg = group.result().avg(f.name());
      return avg != null && avg.isNaN();
    }
    return false;
  }

  @Override
  public String toString() {
    if (figure == null) {
      return (any ? "or" : "and") + parts;
    }
    return figure + " " + java.util.Objects.requireNonNull(op).name().toLowerCase(
        java.util.Locale.ROOT) + " " + operand;
  }
}
