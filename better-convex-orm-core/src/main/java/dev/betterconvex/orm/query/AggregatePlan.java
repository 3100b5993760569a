package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.schema.AggregateIndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.AggregateSum;
import dev.betterconvex.orm.store.AggregateValues;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How an aggregate read is answered from an aggregate index, decided before reading: the
 * filter (the {@code where} and the row-level security policies' filter) must be equalities
 * ({@code eq}, {@code in}, {@code isNull}, {@code isMissing}, an {@code or} of {@code eq} on one
 * field, and their {@code and}) on the
 * leading {@code on} fields of one aggregate index that keeps the figures asked for; each
 * combination of pinned values is one probe, a read of the buckets under that key prefix.
 * Otherwise the plan holds the refusal, naming what is not served and the index to declare.
 */
final class AggregatePlan {

  /** The most probes (combinations of pinned values) one aggregate read makes. */
  static final int MAX_PROBES = 1_024;

  static final AggregateValues EMPTY = new AggregateValues(0, Map.of(), Map.of(), Map.of());

  private final @Nullable AggregateIndexSchema index;
  private final List<List<@Nullable ConvexValue>> probes;
  private final @Nullable String refusal;

  private AggregatePlan(@Nullable AggregateIndexSchema index,
      List<List<@Nullable ConvexValue>> probes, @Nullable String refusal) {
    this.index = index;
    this.probes = probes;
    this.refusal = refusal;
  }

  /** Whether an aggregate index (or nothing, for a filter that matches no row) answers it. */
  boolean served() {
    return refusal == null;
  }

  /** Whether the filter matches no row, so nothing is read. */
  boolean readsNothing() {
    return refusal == null && probes.isEmpty();
  }

  String refusal() {
    return java.util.Objects.requireNonNull(refusal);
  }

  AggregateIndexSchema index() {
    return java.util.Objects.requireNonNull(index);
  }

  /** The key prefixes to read, each the values of the index's first {@code on} fields. */
  List<List<@Nullable ConvexValue>> probes() {
    return probes;
  }

  /** The values pinned per field, or the conjuncts that are not such equalities. */
  record Pins(Map<String, List<@Nullable ConvexValue>> values, List<Filter> other,
      boolean nothing) {
  }

  /**
   * Plans an aggregate read.
   *
   * @param operation "count", "aggregate" or "groupBy", for messages
   * @param where the query's filter, resolved
   * @param policies the row-level security filter, resolved (an empty {@code and} for none)
   * @param aggregation the figures asked for, over resolved field names
   * @param by the groupBy fields, resolved (empty for no grouping)
   */
  static AggregatePlan plan(TableSchema table, String operation, Filter where, Filter policies,
      RowLevelSecurity.ReadRestriction restriction, Aggregation aggregation, List<String> by) {
    String subject = operation + " on table \"" + table.name() + "\"";
    if (!restriction.predicatePolicies().isEmpty()) {
      return refused(subject + " is refused under row-level security: "
          + quoted(restriction.predicatePolicies()) + (restriction.predicatePolicies().size() == 1
          ? " is a Java predicate policy" : " are Java predicate policies")
          + " (Condition.test), so the rows the caller may see cannot be counted from an "
          + "aggregate index; write the policy as Condition.where with equalities on the leading "
          + "on fields of an aggregate index, or call allowFullScan() to read the rows");
    }
    Pins userPins = pins(where);
    Pins policyPins = pins(policies);
    if (userPins.nothing() || policyPins.nothing()) {
      return new AggregatePlan(null, List.of(), null);
    }
    if (!policyPins.other().isEmpty()) {
      return refused(subject + " is refused under row-level security: the filter of "
          + (restriction.policies().size() == 1 ? "policy " : "policies ")
          + quoted(restriction.policies()) + ", " + describe(policyPins.other())
          + ", is not equalities (eq, in, isNull, isMissing) on the leading on fields of an "
          + "aggregate index, so the rows the caller may see cannot be counted from one; call "
          + "allowFullScan() to read the rows");
    }
    if (!userPins.other().isEmpty()) {
      return refused(subject + " is not served by an aggregate index: " + describe(userPins.other())
          + " is not an equality (eq, in, isNull, isMissing) on an on field of an aggregate "
          + "index; filter with equalities only, or call allowFullScan() to read the rows");
    }
    Map<String, List<@Nullable ConvexValue>> pinned = new LinkedHashMap<>(userPins.values());
    for (Map.Entry<String, List<@Nullable ConvexValue>> e : policyPins.values().entrySet()) {
      pinned.merge(e.getKey(), e.getValue(), AggregatePlan::intersect);
    }
    if (pinned.values().stream().anyMatch(List::isEmpty)) {
      return new AggregatePlan(null, List.of(), null);
    }
    for (String field : by) {
      if (!pinned.containsKey(field)) {
        return refused(subject + ": groupBy field \"" + field + "\" must be pinned by the filter "
            + "(eq or in on it, a finite set of groups), as every groupBy field must");
      }
    }
    AggregateIndexSchema best = null;
    for (AggregateIndexSchema candidate : table.aggregateIndexes()) {
      if (covers(candidate, pinned.keySet(), aggregation) && (best == null
          || better(candidate, best, pinned.size()))) {
        best = candidate;
      }
    }
    if (best == null) {
      return refused(subject + " is not served by an aggregate index: no aggregate index of the "
          + "table has the pinned fields " + quoted(List.copyOf(pinned.keySet()))
          + " as its leading on fields" + measures(aggregation) + (restriction.isNone() ? ""
          : " (the pinned fields include those of row-level security policies "
          + quoted(restriction.policies()) + ")") + "; declare "
          + suggestion(List.copyOf(pinned.keySet()), aggregation)
          + ", or call allowFullScan() to read the rows");
    }
    List<List<@Nullable ConvexValue>> probes = new ArrayList<>();
    probes.add(List.of());
    for (String field : best.on().subList(0, pinned.size())) {
      List<List<@Nullable ConvexValue>> next = new ArrayList<>();
      for (List<@Nullable ConvexValue> probe : probes) {
        for (ConvexValue value : java.util.Objects.requireNonNull(pinned.get(field))) {
          List<@Nullable ConvexValue> extended = new ArrayList<>(probe);
          extended.add(value);
          next.add(extended);
        }
      }
      if (next.size() > MAX_PROBES) {
        return refused(subject + " would read more than " + MAX_PROBES + " buckets of aggregate "
            + "index " + best.name() + " (the pinned values of " + quoted(List.copyOf(
            pinned.keySet())) + " combine into " + combinations(pinned) + "); split the values "
            + "into several reads");
      }
      probes = next;
    }
    return new AggregatePlan(best, probes, null);
  }

  private static AggregatePlan refused(String message) {
    return new AggregatePlan(null, List.of(), message);
  }

  private static long combinations(Map<String, List<@Nullable ConvexValue>> pinned) {
    long n = 1;
    for (List<@Nullable ConvexValue> values : pinned.values()) {
      n = Math.min(Long.MAX_VALUE / Math.max(1, values.size()), n) * values.size();
    }
    return n;
  }

  private static boolean covers(AggregateIndexSchema index, Set<String> pinned,
      Aggregation aggregation) {
    if (pinned.size() > index.on().size()
        || !new LinkedHashSet<>(index.on().subList(0, pinned.size())).equals(pinned)) {
      return false;
    }
    return index.sum().containsAll(aggregation.summed()) && index.min().containsAll(
        aggregation.min()) && index.max().containsAll(aggregation.max());
  }

  /** Fewer buckets under each probe first: an exact bucket, then fewer on fields. */
  private static boolean better(AggregateIndexSchema a, AggregateIndexSchema b, int pinned) {
    boolean exactA = a.on().size() == pinned;
    boolean exactB = b.on().size() == pinned;
    if (exactA != exactB) {
      return exactA;
    }
    return a.on().size() < b.on().size();
  }

  static Pins pins(Filter filter) {
    Map<String, List<@Nullable ConvexValue>> values = new LinkedHashMap<>();
    List<Filter> other = new ArrayList<>();
    boolean[] nothing = {false};
    collect(filter, values, other, nothing);
    return new Pins(values, other, nothing[0]);
  }

  private static void collect(Filter filter, Map<String, List<@Nullable ConvexValue>> values,
      List<Filter> other, boolean[] nothing) {
    if (filter instanceof Filter.And and) {
      for (Filter part : and.filters()) {
        collect(part, values, other, nothing);
      }
      return;
    }
    if (filter instanceof Filter.Constant constant) {
      nothing[0] |= !constant.value();
      return;
    }
    String field = null;
    List<@Nullable ConvexValue> set = null;
    if (filter instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
      field = c.field();
      set = List.of(c.value());
    } else if (filter instanceof Filter.In in && !in.negated()) {
      field = in.field();
      set = new ArrayList<>(in.values());
    } else if (filter instanceof Filter.IsNull n && !n.negated()) {
      field = n.field();
      set = new ArrayList<>();
      set.add(null);
      set.add(ConvexNull.INSTANCE);
    } else if (filter instanceof Filter.Missing m && !m.negated()) {
      field = m.field();
      set = new ArrayList<>();
      set.add(null);
    } else if (filter instanceof Filter.Or or && !or.filters().isEmpty()) {
      // An or of equalities on one field is an in.
      List<@Nullable ConvexValue> values2 = new ArrayList<>();
      String same = null;
      for (Filter part : or.filters()) {
        if (part instanceof Filter.Compare c && c.op() == Filter.Op.EQ
            && (same == null || same.equals(c.field()))) {
          same = c.field();
          values2.add(c.value());
        } else {
          same = null;
          break;
        }
      }
      if (same != null) {
        field = same;
        set = values2;
      }
    }
    if (field == null || set == null || field.startsWith("_")) {
      other.add(filter);
      return;
    }
    values.merge(field, sorted(set), AggregatePlan::intersect);
  }

  /** Distinct values in key order. */
  private static List<@Nullable ConvexValue> sorted(List<@Nullable ConvexValue> values) {
    TreeMap<String, @Nullable ConvexValue> byKey = new TreeMap<>();
    for (ConvexValue value : values) {
      byKey.put(HexFormat.of().formatHex(KeyEncoding.encode(value)), value);
    }
    return new ArrayList<>(byKey.values());
  }

  static List<@Nullable ConvexValue> intersect(List<@Nullable ConvexValue> a,
      List<@Nullable ConvexValue> b) {
    List<@Nullable ConvexValue> result = new ArrayList<>();
    for (ConvexValue value : a) {
      for (ConvexValue other : b) {
        if (ValueOrder.compare(value, other) == 0) {
          result.add(value);
          break;
        }
      }
    }
    return result;
  }

  static String describe(List<Filter> filters) {
    return filters.size() == 1 ? String.valueOf(filters.get(0)) : filters.toString();
  }

  private static String measures(Aggregation aggregation) {
    List<String> parts = new ArrayList<>();
    if (!aggregation.summed().isEmpty()) {
      parts.add("sum " + quoted(List.copyOf(aggregation.summed())));
    }
    if (!aggregation.min().isEmpty()) {
      parts.add("min " + quoted(aggregation.min()));
    }
    if (!aggregation.max().isEmpty()) {
      parts.add("max " + quoted(aggregation.max()));
    }
    return parts.isEmpty() ? "" : " and keeps " + String.join(", ", parts);
  }

  private static String suggestion(List<String> on, Aggregation aggregation) {
    String name = on.isEmpty() ? "agg_all" : "agg_by_" + String.join("_", on).replace('.', '_');
    if (name.length() > 64) {
      name = name.substring(0, 64);
    }
    StringBuilder annotation = new StringBuilder("@AggregateIndex(name = \"" + name + "\", on = "
        + braces(on));
    StringBuilder builder = new StringBuilder("aggregateIndex(\"" + name + "\").on("
        + args(on) + ")");
    List<String> summed = List.copyOf(aggregation.summed());
    if (!summed.isEmpty()) {
      annotation.append(", sum = ").append(braces(summed));
      builder.append(".sum(").append(args(summed)).append(')');
    }
    if (!aggregation.min().isEmpty()) {
      annotation.append(", min = ").append(braces(aggregation.min()));
      builder.append(".min(").append(args(aggregation.min())).append(')');
    }
    if (!aggregation.max().isEmpty()) {
      annotation.append(", max = ").append(braces(aggregation.max()));
      builder.append(".max(").append(args(aggregation.max())).append(')');
    }
    return annotation.append(')') + " or " + builder;
  }

  private static String braces(List<String> fields) {
    return "{" + args(fields) + "}";
  }

  private static String args(List<String> fields) {
    return String.join(", ", fields.stream().map(f -> "\"" + f + "\"").toList());
  }

  static String quoted(List<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").toList().toString();
  }

  /** The figures of {@code docs} computed from the rows, for reads that allow a full scan. */
  static AggregateValues fromRows(List<Document> docs, Aggregation aggregation) {
    Map<String, AggregateSum> sums = new LinkedHashMap<>();
    for (String field : aggregation.summed()) {
      sums.put(field, AggregateSum.EMPTY);
    }
    Map<String, ConvexValue> min = new LinkedHashMap<>();
    Map<String, ConvexValue> max = new LinkedHashMap<>();
    for (Document doc : docs) {
      for (String field : aggregation.summed()) {
        sums.merge(field, AggregateSum.of(doc.get(field)), AggregateSum::plus);
      }
      for (String field : aggregation.min()) {
        ConvexValue v = doc.get(field);
        if (v != null && v != ConvexNull.INSTANCE) {
          min.merge(field, v, (a, b) -> ValueOrder.compare(a, b) <= 0 ? a : b);
        }
      }
      for (String field : aggregation.max()) {
        ConvexValue v = doc.get(field);
        if (v != null && v != ConvexNull.INSTANCE) {
          max.merge(field, v, (a, b) -> ValueOrder.compare(a, b) >= 0 ? a : b);
        }
      }
    }
    return new AggregateValues(docs.size(), sums, min, max);
  }

  /** The group key of a probe or a row: the values of {@code by}, and its order key. */
  static String groupKey(List<@Nullable ConvexValue> values) {
    return HexFormat.of().formatHex(KeyEncoding.encodeTuple(values));
  }
}
