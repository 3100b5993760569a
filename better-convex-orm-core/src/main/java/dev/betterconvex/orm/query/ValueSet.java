package dev.betterconvex.orm.query;

import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A set of values of one field as sorted, disjoint intervals in the Convex order, where Java
 * {@code null} stands for a missing field (the smallest value). The planner turns each filter
 * on a field into one of these, intersects them, and reads one index range per interval.
 */
final class ValueSet {

  /** One end of an interval; {@code unbounded} ends ignore the value. */
  record Bound(@Nullable ConvexValue value, boolean inclusive, boolean unbounded) {

    static final Bound NONE = new Bound(null, false, true);

    static Bound at(@Nullable ConvexValue value, boolean inclusive) {
      return new Bound(value, inclusive, false);
    }
  }

  /** An interval between two bounds. */
  record Interval(Bound lower, Bound upper) {

    boolean isPoint() {
      return !lower.unbounded() && !upper.unbounded() && lower.inclusive() && upper.inclusive()
          && ValueOrder.compare(lower.value(), upper.value()) == 0;
    }

    boolean isEmpty() {
      if (lower.unbounded() || upper.unbounded()) {
        return false;
      }
      int c = ValueOrder.compare(lower.value(), upper.value());
      return c > 0 || (c == 0 && !(lower.inclusive() && upper.inclusive()));
    }
  }

  static final ValueSet ALL = new ValueSet(List.of(new Interval(Bound.NONE, Bound.NONE)));

  private final List<Interval> intervals;

  private ValueSet(List<Interval> intervals) {
    this.intervals = List.copyOf(intervals);
  }

  static ValueSet of(Interval interval) {
    return interval.isEmpty() ? new ValueSet(List.of()) : new ValueSet(List.of(interval));
  }

  static ValueSet points(List<? extends @Nullable ConvexValue> values) {
    List<@Nullable ConvexValue> sorted = new ArrayList<>(values);
    sorted.sort(ValueOrder::compare);
    List<Interval> result = new ArrayList<>();
    ConvexValue previous = null;
    boolean first = true;
    for (ConvexValue v : sorted) {
      if (first || ValueOrder.compare(previous, v) != 0) {
        result.add(new Interval(Bound.at(v, true), Bound.at(v, true)));
      }
      previous = v;
      first = false;
    }
    return new ValueSet(result);
  }

  /** Every value except {@code values}. */
  static ValueSet allExcept(List<? extends @Nullable ConvexValue> values) {
    List<Interval> result = new ArrayList<>();
    Bound lower = Bound.NONE;
    for (Interval point : points(values).intervals) {
      ConvexValue v = point.lower().value();
      result.add(new Interval(lower, Bound.at(v, false)));
      lower = Bound.at(v, false);
    }
    result.add(new Interval(lower, Bound.NONE));
    return new ValueSet(result.stream().filter(i -> !i.isEmpty()).toList());
  }

  /** Strings starting with {@code prefix}: {@code [prefix, successor(prefix))}. */
  static ValueSet stringsStartingWith(String prefix) {
    Bound upper = Bound.at(successor(prefix), false);
    return of(new Interval(Bound.at(new ConvexString(prefix), true), upper));
  }

  /**
   * The smallest value above every string that starts with {@code prefix}: the prefix with its
   * last code point incremented (UTF-8 preserves code point order), or the empty Bytes value,
   * the first value after all strings, when there is no such string.
   */
  static ConvexValue successor(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int i = cps.length - 1; i >= 0; i--) {
      int next = cps[i] + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        int[] result = java.util.Arrays.copyOf(cps, i + 1);
        result[i] = next;
        return new ConvexString(new String(result, 0, result.length));
      }
    }
    return ConvexBytes.of(new byte[0]);
  }

  ValueSet intersect(ValueSet other) {
    List<Interval> result = new ArrayList<>();
    for (Interval a : intervals) {
      for (Interval b : other.intervals) {
        Interval i = new Interval(maxLower(a.lower(), b.lower()), minUpper(a.upper(), b.upper()));
        if (!i.isEmpty()) {
          result.add(i);
        }
      }
    }
    result.sort((x, y) -> compareLower(x.lower(), y.lower()));
    return new ValueSet(result);
  }

  /** Returns the values in either set. */
  ValueSet union(ValueSet other) {
    List<Interval> all = new ArrayList<>(intervals);
    all.addAll(other.intervals);
    all.sort((x, y) -> compareLower(x.lower(), y.lower()));
    List<Interval> merged = new ArrayList<>();
    for (Interval next : all) {
      if (!merged.isEmpty()) {
        Interval last = merged.get(merged.size() - 1);
        if (touches(last.upper(), next.lower())) {
          Bound upper = compareUpper(last.upper(), next.upper()) >= 0 ? last.upper() : next.upper();
          merged.set(merged.size() - 1, new Interval(last.lower(), upper));
          continue;
        }
      }
      merged.add(next);
    }
    return new ValueSet(merged);
  }

  /** Whether an interval ending at {@code upper} overlaps or adjoins one starting at {@code lower}. */
  private static boolean touches(Bound upper, Bound lower) {
    if (upper.unbounded() || lower.unbounded()) {
      return true;
    }
    int c = ValueOrder.compare(lower.value(), upper.value());
    return c < 0 || (c == 0 && (upper.inclusive() || lower.inclusive()));
  }

  List<Interval> intervals() {
    return intervals;
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  boolean isAll() {
    return intervals.size() == 1 && intervals.get(0).lower().unbounded()
        && intervals.get(0).upper().unbounded();
  }

  boolean isPoints() {
    if (intervals.isEmpty()) {
      return false;
    }
    for (Interval interval : intervals) {
      if (!interval.isPoint()) {
        return false;
      }
    }
    return true;
  }

  static int compareLower(Bound a, Bound b) {
    if (a.unbounded() || b.unbounded()) {
      return Boolean.compare(!a.unbounded(), !b.unbounded());
    }
    int c = ValueOrder.compare(a.value(), b.value());
    if (c != 0) {
      return c;
    }
    return Boolean.compare(!a.inclusive(), !b.inclusive());
  }

  static int compareUpper(Bound a, Bound b) {
    if (a.unbounded() || b.unbounded()) {
      return Boolean.compare(a.unbounded(), b.unbounded());
    }
    int c = ValueOrder.compare(a.value(), b.value());
    if (c != 0) {
      return c;
    }
    return Boolean.compare(a.inclusive(), b.inclusive());
  }

  private static Bound maxLower(Bound a, Bound b) {
    return compareLower(a, b) >= 0 ? a : b;
  }

  private static Bound minUpper(Bound a, Bound b) {
    return compareUpper(a, b) <= 0 ? a : b;
  }

  /** Values of a not-null field: everything above null. */
  static ValueSet notNull() {
    return of(new Interval(Bound.at(ConvexNull.INSTANCE, false), Bound.NONE));
  }

  @Override
  public String toString() {
    return intervals.toString();
  }
}
