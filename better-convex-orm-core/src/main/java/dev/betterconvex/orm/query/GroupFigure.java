package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.AggregateSum;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.KeyEncoding;
import dev.betterconvex.orm.value.StandardTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One figure of a group that a {@link Having} tests or a {@link GroupOrder} orders by: the row
 * count, a {@code sum}, {@code avg}, {@code min} or {@code max} of a field, or the value of a
 * {@code by} field. It is checked against the query before anything is read, and gives each
 * group an order-preserving sort key (unsigned bytes), which is also what a group-by cursor
 * holds.
 */
record GroupFigure(Kind kind, @Nullable String field) {

  enum Kind {
    BY("by"), COUNT("count"), SUM("sum"), AVG("avg"), MIN("min"), MAX("max");

    private final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  GroupFigure {
    if (kind != Kind.COUNT && (field == null || field.isEmpty())) {
      throw new IllegalArgumentException("A " + kind.word + " figure needs a field name");
    }
  }

  String name() {
    return Objects.requireNonNull(field);
  }

  /**
   * Fails unless the query computes this figure.
   *
   * @param clause "having" or "orderBy", for the message
   * @throws IllegalArgumentException naming the figure and what the query computes
   */
  void check(String clause, List<String> by, Aggregation aggregation) {
    boolean computed = switch (kind) {
      case COUNT -> true;
      case BY -> by.contains(name());
      case SUM -> aggregation.sum().contains(name());
      case AVG -> aggregation.avg().contains(name());
      case MIN -> aggregation.min().contains(name());
      case MAX -> aggregation.max().contains(name());
    };
    if (computed) {
      return;
    }
    if (kind == Kind.BY) {
      throw new IllegalArgumentException(clause + " " + this + ": \"" + name()
          + "\" is not a groupBy field; they are " + by);
    }
    throw new IllegalArgumentException(clause + " " + this + ": the group-by does not compute "
        + kind.word + "(\"" + name() + "\"); add it with aggregate(Aggregation.of()." + kind.word
        + "(\"" + name() + "\")) (the aggregation is " + aggregation + ")");
  }

  /**
   * The group's sort key of this figure: unsigned bytes in the order of the values, a missing
   * value (a figure over no value) first; for a sum, no value, then minus infinity, the exact
   * finite sums, plus infinity, NaN.
   */
  byte[] sortKey(AggregateGroup group) {
    AggregateResult result = group.result();
    return switch (kind) {
      case BY -> KeyEncoding.encode(group.key(name()));
      case COUNT -> KeyEncoding.encode(new ConvexInt64(group.count()));
      case SUM -> sumKey(result.exactSum(name()));
      case AVG -> {
        Double avg = result.avg(name());
        yield KeyEncoding.encode(avg == null ? null : new ConvexFloat64(avg));
      }
      case MIN -> KeyEncoding.encode(result.min(name()));
      case MAX -> KeyEncoding.encode(result.max(name()));
    };
  }

  private static byte[] sumKey(AggregateSum sum) {
    if (sum.values() == 0) {
      return new byte[] {0};
    }
    if (sum.nonFinite()) {
      double d = sum.toDouble();
      return new byte[] {(byte) (Double.isNaN(d) ? 5 : d > 0 ? 4 : 1)};
    }
    // StandardTypes writes a BigDecimal as a string whose bytes order as the numbers.
    String decimal = ((ConvexString) Objects.requireNonNull(
        StandardTypes.toValue(sum.finite()))).value();
    byte[] digits = decimal.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[digits.length + 1];
    key[0] = 2;
    System.arraycopy(digits, 0, key, 1, digits.length);
    return key;
  }

  @Override
  public String toString() {
    return kind == Kind.COUNT ? "count()" : kind.word + "(\"" + field + "\")";
  }
}
