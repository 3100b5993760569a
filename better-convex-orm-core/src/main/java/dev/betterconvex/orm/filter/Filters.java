package dev.betterconvex.orm.filter;

import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The filter operators, named as in Drizzle and the TypeScript ORM; import them statically:
 * {@code where(and(eq("orgId", org), gt("score", 3)))}. Fields are document field paths or the
 * entity's property names; Java values are converted as {@link JavaValues#toValue} says (and
 * an integral literal compared with a {@code float64} field is taken as a Float64).
 */
public final class Filters {

  private Filters() {
  }

  /** {@code field == value}; {@code eq(field, null)} matches null, not a missing field. */
  public static Filter eq(String field, @Nullable Object value) {
    return compare(field, Filter.Op.EQ, value);
  }

  /** {@code field != value}; a missing field is not equal to anything. */
  public static Filter ne(String field, @Nullable Object value) {
    return compare(field, Filter.Op.NE, value);
  }

  /** {@code field > value} in the Convex order. */
  public static Filter gt(String field, @Nullable Object value) {
    return compare(field, Filter.Op.GT, value);
  }

  /** {@code field >= value} in the Convex order. */
  public static Filter gte(String field, @Nullable Object value) {
    return compare(field, Filter.Op.GTE, value);
  }

  /** {@code field < value} in the Convex order; a missing field and null are below every value. */
  public static Filter lt(String field, @Nullable Object value) {
    return compare(field, Filter.Op.LT, value);
  }

  /** {@code field <= value} in the Convex order. */
  public static Filter lte(String field, @Nullable Object value) {
    return compare(field, Filter.Op.LTE, value);
  }

  /** {@code low <= field <= high}. */
  public static Filter between(String field, @Nullable Object low, @Nullable Object high) {
    return new Filter.Between(field, value(low), value(high), false);
  }

  /** {@code field < low || field > high}: strictly outside. */
  public static Filter notBetween(String field, @Nullable Object low, @Nullable Object high) {
    return new Filter.Between(field, value(low), value(high), true);
  }

  /** The field equals one of the values; an empty collection matches nothing. */
  public static Filter in(String field, Collection<?> values) {
    return new Filter.In(field, values(values), false);
  }

  /** The field equals one of the values; no values match nothing. */
  public static Filter in(String field, Object... values) {
    return in(field, Arrays.asList(values));
  }

  /**
   * The field equals none of the values.
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  public static Filter notIn(String field, Collection<?> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("notIn(\"" + field + "\", []) needs at least one value");
    }
    return new Filter.In(field, values(values), true);
  }

  /** The field equals none of the values (at least one is needed). */
  public static Filter notIn(String field, Object... values) {
    return notIn(field, Arrays.asList(values));
  }

  /** The field is missing or null. */
  public static Filter isNull(String field) {
    return new Filter.IsNull(field, false);
  }

  /** The field is present and not null. */
  public static Filter isNotNull(String field) {
    return new Filter.IsNull(field, true);
  }

  /**
   * The field is missing from the document (Convex's {@code undefined}); a field holding null
   * is present. An index serves it as an equality on the missing value, like {@code eq}.
   */
  public static Filter isMissing(String field) {
    return new Filter.Missing(field, false);
  }

  /** The field is present, null included; an index serves it as the range {@code >= null}. */
  public static Filter isPresent(String field) {
    return new Filter.Missing(field, true);
  }

  /** SQL {@code LIKE} on a string field: {@code %} any run, {@code _} one character. */
  public static Filter like(String field, String pattern) {
    return new Filter.Text(field, Filter.TextMatch.LIKE, pattern, false);
  }

  /** {@code LIKE}, ignoring case. */
  public static Filter ilike(String field, String pattern) {
    return new Filter.Text(field, Filter.TextMatch.ILIKE, pattern, false);
  }

  /** A string that does not match the {@code LIKE} pattern (a non-string never matches). */
  public static Filter notLike(String field, String pattern) {
    return new Filter.Text(field, Filter.TextMatch.LIKE, pattern, true);
  }

  /** A string that does not match the pattern ignoring case (a non-string never matches). */
  public static Filter notIlike(String field, String pattern) {
    return new Filter.Text(field, Filter.TextMatch.ILIKE, pattern, true);
  }

  /** A string starting with {@code prefix}; an index can serve it as a range. */
  public static Filter startsWith(String field, String prefix) {
    return new Filter.Text(field, Filter.TextMatch.STARTS_WITH, prefix, false);
  }

  /** A string ending with {@code suffix}. */
  public static Filter endsWith(String field, String suffix) {
    return new Filter.Text(field, Filter.TextMatch.ENDS_WITH, suffix, false);
  }

  /** A string containing {@code text}. */
  public static Filter contains(String field, String text) {
    return new Filter.Text(field, Filter.TextMatch.CONTAINS, text, false);
  }

  /** An array field with an element equal to {@code value}. */
  public static Filter arrayContains(String field, @Nullable Object value) {
    return new Filter.ArrayContains(field, value(value));
  }

  /** Every filter matches. */
  public static Filter and(Filter... filters) {
    return new Filter.And(List.of(filters));
  }

  /** Some filter matches. */
  public static Filter or(Filter... filters) {
    return new Filter.Or(List.of(filters));
  }

  /** The filter does not match. */
  public static Filter not(Filter filter) {
    return new Filter.Not(filter);
  }

  private static Filter compare(String field, Filter.Op op, @Nullable Object value) {
    return new Filter.Compare(field, op, value(value));
  }

  private static ConvexValue value(@Nullable Object value) {
    return JavaValues.toValue(value);
  }

  private static List<ConvexValue> values(Collection<?> values) {
    List<ConvexValue> result = new ArrayList<>(values.size());
    for (Object v : values) {
      result.add(value(v));
    }
    return result;
  }
}
