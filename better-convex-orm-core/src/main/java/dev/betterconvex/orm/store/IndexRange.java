package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A legal range over one index: equalities on a prefix of the index fields in index order, then
 * at most one lower and one upper bound on the next field. {@link #compile} is the one place that
 * decides legality; it rejects everything else with Convex's wording, naming the table and index.
 *
 * <p>The range is also a half-open interval of encoded index keys, {@code [start, end)}, which is
 * what the store reads.
 */
public final class IndexRange {

  /** An index range operator. */
  public enum Operator {
    /** {@code ==} */
    EQ("=="),
    /** {@code >} */
    GT(">"),
    /** {@code >=} */
    GTE(">="),
    /** {@code <} */
    LT("<"),
    /** {@code <=} */
    LTE("<=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** Returns the operator as Convex prints it. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * One expression of a range; a {@code null} value means a missing field (only for {@code EQ}).
   *
   * @param operator the comparison
   * @param field the index field path
   * @param value the value compared with, or {@code null} for missing
   */
  public record Expression(Operator operator, String field, @Nullable ConvexValue value) {

    /** Checks the expression. */
    public Expression {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(field, "field");
      if (value == null && operator != Operator.EQ) {
        throw new IllegalArgumentException("Only eq can compare with a missing field, not "
            + operator.symbol() + " on \"" + field + "\"");
      }
    }
  }

  private static final byte[] EMPTY = new byte[0];

  private final String table;
  private final IndexSchema index;
  private final List<Expression> expressions;
  private final int equalityCount;
  private final byte[] start;
  private final byte @Nullable [] end;

  private IndexRange(String table, IndexSchema index, List<Expression> expressions,
      int equalityCount, byte[] start, byte @Nullable [] end) {
    this.table = table;
    this.index = index;
    this.expressions = expressions;
    this.equalityCount = equalityCount;
    this.start = start;
    this.end = end;
  }

  /** Returns the range that reads the whole index. */
  public static IndexRange all(String table, IndexSchema index) {
    return new IndexRange(table, index, List.of(), 0, EMPTY, null);
  }

  /**
   * Checks {@code expressions} against {@code index} of {@code table} and returns the legal range,
   * with the expressions reordered into index order.
   *
   * @throws InvalidIndexRangeException when Convex would reject the range
   */
  public static IndexRange compile(String table, IndexSchema index, List<Expression> expressions) {
    String indexName = table + "." + index.name();
    Map<String, Expression> equalities = new LinkedHashMap<>();
    Expression lower = null;
    Expression upper = null;
    String inequalityField = null;
    for (Expression e : expressions) {
      if (e.operator() == Operator.EQ) {
        Expression old = equalities.putIfAbsent(e.field(), e);
        if (old != null) {
          throw alreadyDefined("equality", e);
        }
        continue;
      }
      boolean isUpper = e.operator() == Operator.LT || e.operator() == Operator.LTE;
      if ((isUpper ? upper : lower) != null) {
        throw alreadyDefined(isUpper ? "upper" : "lower", e);
      }
      if (inequalityField != null && !inequalityField.equals(e.field())) {
        throw new InvalidIndexRangeException("Upper and lower bounds in `range` can only be "
            + "applied to a single index field. This query against index " + indexName
            + " attempted to set a range bound on both \"" + inequalityField + "\" and \""
            + e.field() + "\". Consider using `filter` instead.");
      }
      inequalityField = e.field();
      if (isUpper) {
        upper = e;
      }
      else {
        lower = e;
      }
    }
    if (inequalityField != null && equalities.containsKey(inequalityField)) {
      Expression eq = equalities.get(inequalityField);
      throw new InvalidIndexRangeException("Already defined inequality bound in index range. "
          + "Can't add \"" + eq.field() + "\" == " + describe(eq.value()) + ".");
    }

    List<String> keyFields = index.keyFields();
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < keyFields.size(); i++) {
      rank.put(keyFields.get(i), i);
    }
    List<String> used = new ArrayList<>();
    for (String field : equalities.keySet()) {
      requireIndexed(indexName, rank, keyFields, field);
    }
    if (inequalityField != null) {
      requireIndexed(indexName, rank, keyFields, inequalityField);
    }
    List<Expression> ordered = new ArrayList<>(equalities.values());
    ordered.sort(Comparator.comparingInt(e -> keyFields.indexOf(e.field())));
    for (Expression e : ordered) {
      used.add(e.field());
    }
    if (inequalityField != null) {
      used.add(inequalityField);
    }
    for (int i = 0; i < used.size(); i++) {
      if (!used.get(i).equals(keyFields.get(i))) {
        throw new InvalidIndexRangeException("Tried to query index " + indexName
            + " but the query didn't use the index fields in order.\n"
            + "Index fields: " + quoteAll(keyFields) + "\n"
            + "Query fields: " + quoteAll(used) + "\n"
            + "First incorrect field: \"" + used.get(i) + "\"");
      }
    }

    List<ConvexValue> prefixValues = new ArrayList<>();
    for (Expression e : ordered) {
      prefixValues.add(e.value());
    }
    byte[] prefix = KeyEncoding.encodeTuple(prefixValues);
    byte[] start = prefix;
    byte[] end = prefix.length == 0 ? null : afterPrefix(prefix);
    if (lower != null) {
      byte[] bound = concat(prefix, KeyEncoding.encode(lower.value()));
      start = lower.operator() == Operator.GTE ? bound : afterPrefix(bound);
    }
    if (upper != null) {
      byte[] bound = concat(prefix, KeyEncoding.encode(upper.value()));
      end = upper.operator() == Operator.LT ? bound : afterPrefix(bound);
    }
    if (lower != null) {
      ordered.add(lower);
    }
    if (upper != null) {
      ordered.add(upper);
    }
    return new IndexRange(table, index, List.copyOf(ordered), equalities.size(), start, end);
  }

  /**
   * Returns the smallest key greater than every key that starts with {@code prefix}. Every encoded
   * value is self-delimiting and no tag is {@code 0xFF}, so appending {@code 0xFF} is enough.
   */
  static byte[] afterPrefix(byte[] prefix) {
    byte[] result = new byte[prefix.length + 1];
    System.arraycopy(prefix, 0, result, 0, prefix.length);
    result[prefix.length] = (byte) 0xFF;
    return result;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static void requireIndexed(String indexName, Map<String, Integer> rank,
      List<String> keyFields, String field) {
    if (!rank.containsKey(field)) {
      throw new InvalidIndexRangeException("The index range included a comparison with \"" + field
          + "\", but " + indexName + " with fields " + quoteAll(keyFields)
          + " doesn't index this field.");
    }
  }

  private static InvalidIndexRangeException alreadyDefined(String kind, Expression e) {
    return new InvalidIndexRangeException("Already defined " + kind + " bound in index range. "
        + "Can't add \"" + e.field() + "\" " + e.operator().symbol() + " " + describe(e.value())
        + ".");
  }

  private static String describe(@Nullable ConvexValue value) {
    return value == null ? "undefined" : value.toString();
  }

  private static String quoteAll(List<String> fields) {
    return fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  /** Returns the table the range reads. */
  public String table() {
    return table;
  }

  /** Returns the index the range reads. */
  public IndexSchema index() {
    return index;
  }

  /** Returns the expressions in index order: equalities, then the lower and upper bound. */
  public List<Expression> expressions() {
    return expressions;
  }

  /** Returns how many leading index fields the range pins with equalities. */
  public int equalityCount() {
    return equalityCount;
  }

  /** Returns the inclusive start key. */
  public byte[] startKey() {
    return start.clone();
  }

  /** Returns the exclusive end key, or {@code null} for the end of the index. */
  public byte @Nullable [] endKey() {
    return end == null ? null : end.clone();
  }

  byte[] start() {
    return start;
  }

  byte @Nullable [] end() {
    return end;
  }

  /** Returns whether the range can hold no key at all. */
  public boolean isEmpty() {
    return end != null && KeyEncoding.compare(start, end) >= 0;
  }

  @Override
  public String toString() {
    if (expressions.isEmpty()) {
      return index.name() + " (all)";
    }
    return index.name() + " " + expressions.stream()
        .map(e -> e.field() + " " + e.operator().symbol() + " " + describe(e.value()))
        .collect(Collectors.joining(" AND "));
  }
}
