package dev.betterconvex.orm.filter;

import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A predicate over documents, built with {@link Filters}. Comparisons follow the Convex total
 * order ({@code missing < null < Int64 < Float64 < Boolean < String < Bytes < Array < Object});
 * an Int64 never equals a Float64. {@link #matches} is the meaning of every filter: whatever
 * index the planner reads, the results are exactly the documents that match.
 */
public sealed interface Filter {

  /** Returns whether {@code document} satisfies this filter. */
  boolean matches(Document document);

  /** A comparison of a field with a value. */
  enum Op {
    /** Equal in the Convex order. */
    EQ("eq"),
    /** Not equal (a missing field is not equal to anything). */
    NE("ne"),
    /** Greater than. */
    GT("gt"),
    /** Greater than or equal. */
    GTE("gte"),
    /** Less than (a missing field and null are less than every other value). */
    LT("lt"),
    /** Less than or equal. */
    LTE("lte");

    private final String label;

    Op(String label) {
      this.label = label;
    }

    /** Returns the operator's name as the API spells it. */
    public String label() {
      return label;
    }
  }

  /**
   * {@code field op value}.
   *
   * @param field the document field path
   * @param op the comparison
   * @param value the value compared with
   */
  record Compare(String field, Op op, ConvexValue value) implements Filter {

    @Override
    public boolean matches(Document document) {
      int c = ValueOrder.compare(document.get(field), value);
      switch (op) {
        case EQ:
          return c == 0;
        case NE:
          return c != 0;
        case GT:
          return c > 0;
        case GTE:
          return c >= 0;
        case LT:
          return c < 0;
        default:
          return c <= 0;
      }
    }

    @Override
    public String toString() {
      return op.label() + "(" + field + ", " + value + ")";
    }
  }

  /**
   * {@code low <= field <= high} (inclusive), or strictly outside when negated.
   *
   * @param field the document field path
   * @param low the lower end
   * @param high the upper end
   * @param negated whether this is {@code notBetween}
   */
  record Between(String field, ConvexValue low, ConvexValue high, boolean negated)
      implements Filter {

    @Override
    public boolean matches(Document document) {
      ConvexValue v = document.get(field);
      boolean inside = ValueOrder.compare(v, low) >= 0 && ValueOrder.compare(v, high) <= 0;
      return inside != negated;
    }

    @Override
    public String toString() {
      return (negated ? "notBetween(" : "between(") + field + ", " + low + ", " + high + ")";
    }
  }

  /**
   * {@code field} equals one of {@code values} ({@code in}), or none of them ({@code notIn}).
   *
   * @param field the document field path
   * @param values the values
   * @param negated whether this is {@code notIn}
   */
  record In(String field, List<ConvexValue> values, boolean negated) implements Filter {

    /** Copies the values. */
    public In {
      values = List.copyOf(values);
    }

    @Override
    public boolean matches(Document document) {
      ConvexValue v = document.get(field);
      for (ConvexValue candidate : values) {
        if (ValueOrder.compare(v, candidate) == 0) {
          return !negated;
        }
      }
      return negated;
    }

    @Override
    public String toString() {
      return (negated ? "notIn(" : "in(") + field + ", " + values + ")";
    }
  }

  /**
   * {@code isNull} (the field is missing or null) or, negated, {@code isNotNull}.
   *
   * @param field the document field path
   * @param negated whether this is {@code isNotNull}
   */
  record IsNull(String field, boolean negated) implements Filter {

    @Override
    public boolean matches(Document document) {
      ConvexValue v = document.get(field);
      boolean isNull = v == null || v == ConvexNull.INSTANCE;
      return isNull != negated;
    }

    @Override
    public String toString() {
      return (negated ? "isNotNull(" : "isNull(") + field + ")";
    }
  }

  /**
   * {@code isMissing} (the document has no such field; a stored null is present) or, negated,
   * {@code isPresent}. Convex writes it {@code q.eq(q.field(f), undefined)}.
   *
   * @param field the document field path
   * @param negated whether this is {@code isPresent}
   */
  record Missing(String field, boolean negated) implements Filter {

    @Override
    public boolean matches(Document document) {
      return (document.get(field) == null) != negated;
    }

    @Override
    public String toString() {
      return (negated ? "isPresent(" : "isMissing(") + field + ")";
    }
  }

  /** How a {@link Text} filter matches a string. */
  enum TextMatch {
    /** SQL {@code LIKE}: {@code %} any run, {@code _} one character, {@code \} escapes. */
    LIKE("like"),
    /** {@code LIKE}, ignoring case. */
    ILIKE("ilike"),
    /** The string starts with the text. */
    STARTS_WITH("startsWith"),
    /** The string ends with the text. */
    ENDS_WITH("endsWith"),
    /** The string contains the text. */
    CONTAINS("contains");

    private final String label;

    TextMatch(String label) {
      this.label = label;
    }

    /** Returns the operator's name as the API spells it. */
    public String label() {
      return label;
    }
  }

  /**
   * A string match. Only string values can match; a negated match ({@code notLike},
   * {@code notIlike}) matches strings that do not match, and never a non-string value (as SQL's
   * {@code NOT LIKE} never matches NULL).
   *
   * @param field the document field path
   * @param match how the text is matched
   * @param text the pattern or text
   * @param negated whether the match is negated
   */
  record Text(String field, TextMatch match, String text, boolean negated) implements Filter {

    @Override
    public boolean matches(Document document) {
      if (!(document.get(field) instanceof ConvexString s)) {
        return false;
      }
      return TextMatching.matches(match, text, s.value()) != negated;
    }

    @Override
    public String toString() {
      String label = negated ? "not" + Character.toUpperCase(match.label().charAt(0))
          + match.label().substring(1) : match.label();
      return label + "(" + field + ", " + new ConvexString(text) + ")";
    }
  }

  /**
   * The field is an array with an element equal to {@code value}.
   *
   * @param field the document field path
   * @param value the element looked for
   */
  record ArrayContains(String field, ConvexValue value) implements Filter {

    @Override
    public boolean matches(Document document) {
      if (!(document.get(field) instanceof ConvexArray array)) {
        return false;
      }
      for (ConvexValue element : array.values()) {
        if (ValueOrder.compare(element, value) == 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "arrayContains(" + field + ", " + value + ")";
    }
  }

  /**
   * Every filter matches (an empty {@code and} matches everything).
   *
   * @param filters the conjuncts
   */
  record And(List<Filter> filters) implements Filter {

    /** Copies the filters. */
    public And {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean matches(Document document) {
      for (Filter f : filters) {
        if (!f.matches(document)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return filters.stream().map(Object::toString).collect(Collectors.joining(", ", "and(", ")"));
    }
  }

  /**
   * Some filter matches (an empty {@code or} matches nothing).
   *
   * @param filters the disjuncts
   */
  record Or(List<Filter> filters) implements Filter {

    /** Copies the filters. */
    public Or {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean matches(Document document) {
      for (Filter f : filters) {
        if (f.matches(document)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return filters.stream().map(Object::toString).collect(Collectors.joining(", ", "or(", ")"));
    }
  }

  /**
   * The filter does not match.
   *
   * @param filter the negated filter
   */
  record Not(Filter filter) implements Filter {

    /** Checks the filter. */
    public Not {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public boolean matches(Document document) {
      return !filter.matches(document);
    }

    @Override
    public String toString() {
      return "not(" + filter + ")";
    }
  }

  /**
   * A filter whose answer is known without reading: for example an equality with a malformed
   * id, which matches nothing.
   *
   * @param value the answer
   * @param reason why, for {@code explain()}
   */
  record Constant(boolean value, String reason) implements Filter {

    @Override
    public boolean matches(Document document) {
      return value;
    }

    @Override
    public String toString() {
      return (value ? "true" : "false") + " /* " + reason + " */";
    }
  }
}
