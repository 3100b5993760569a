package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.IndexAdvice;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.InvalidIndexRangeException;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chooses an index for a filter and emits only legal ranges: equalities on a prefix of the
 * index fields in index order, then at most one lower and one upper bound on the next field.
 * Every range goes through {@link IndexRange#compile}, the same check {@code withIndex} uses,
 * and the whole filter runs again on every document read (but for the equalities every range
 * pins, see {@link QueryExecutor#residual}), so a plan can only narrow the read.
 *
 * <p>Candidates are ranked by: the number of leading index fields pinned by equalities (more
 * is better); then whether the index produces the requested order; then a range on the next
 * field; then an exact match (every index field pinned, no unused fields); then fewer probes;
 * ties go to the default read, {@code by_creation_time}. A field pinned by
 * {@code in}, a same-field {@code or} of equalities or {@code isNull} multiplies the probes;
 * fields are pinned only while the probes stay within {@link #MAX_PROBES}, and a plan that
 * would read the whole table because the leading field of an index has more values than that
 * is refused rather than turned into a scan.
 *
 * <p>Without an order to merge by, a probe's rows are ordered by their whole key (its
 * {@link QueryPlan.Probe#prefixLength()} is 0), so a multi-probe read comes in the index's
 * order, as one Convex {@code withIndex} read of the union would.
 */
final class Planner {

  /**
   * The most index ranges one plan reads (a quarter of Convex's 4,096 index ranges per
   * transaction, leaving room for relations and other reads of the same transaction).
   */
  static final int MAX_PROBES = 1_024;

  private Planner() {
  }

  /** A user-chosen index and range ({@code withIndex}), which replaces the planner's choice. */
  record ExplicitIndex(String name, List<IndexRange.Expression> expressions) {
  }

  private record Pinned(String field, List<@Nullable ConvexValue> values) {
  }

  private record Candidate(IndexSchema index, List<Pinned> pinned, @Nullable ValueSet range,
      boolean orderServed, boolean exact, int probes) {

    int compareTo(Candidate o) {
      int c = Integer.compare(pinned.size(), o.pinned.size());
      if (c == 0) {
        c = Boolean.compare(orderServed, o.orderServed);
      }
      if (c == 0) {
        c = Boolean.compare(range != null, o.range != null);
      }
      if (c == 0) {
        c = Boolean.compare(exact, o.exact);
      }
      if (c == 0) {
        c = Integer.compare(o.probes, probes);
      }
      return c;
    }
  }

  static QueryPlan plan(TableSchema table, Filter where, List<Sort> orderBy,
      @Nullable ExplicitIndex explicit, @Nullable Integer limit, int offset,
      boolean allowFullScan) {
    if (explicit != null) {
      return planExplicit(table, where, orderBy, explicit, limit, offset, allowFullScan);
    }
    Map<String, ValueSet> constraints = constraints(where);
    boolean nothing = where instanceof Filter.Constant k && !k.value()
        || constraints.values().stream().anyMatch(ValueSet::isEmpty);
    List<IndexSchema> indexes = new ArrayList<>(table.allIndexes());
    // The default read, newest first, wins every tie.
    indexes.remove(IndexSchema.BY_CREATION_TIME);
    Candidate best = evaluate(IndexSchema.BY_CREATION_TIME, constraints, orderBy);
    for (IndexSchema index : indexes) {
      Candidate candidate = evaluate(index, constraints, orderBy);
      if (candidate.compareTo(best) > 0) {
        best = candidate;
      }
    }
    Order scanOrder = scanOrder(orderBy, best.orderServed());
    boolean fullScan = best.pinned().isEmpty() && best.range() == null;
    if (fullScan && !nothing) {
      refuseUnionOverCeiling(table, constraints);
    }
    List<QueryPlan.Probe> probes = nothing ? List.of()
        : probes(table, best, mergesByOrder(best.pinned(), orderBy, best.orderServed()));
    String reason = nothing ? "the filter can match nothing: no read" : reason(best, fullScan);
    return new QueryPlan(table.name(), best.index().name(), probes, where, orderBy, scanOrder,
        best.orderServed() ? QueryPlan.OrderStrategy.INDEX : QueryPlan.OrderStrategy.SORT_AFTER_READ,
        fullScan && !nothing, allowFullScan, limit, offset, reason);
  }

  private static QueryPlan planExplicit(TableSchema table, Filter where, List<Sort> orderBy,
      ExplicitIndex explicit, @Nullable Integer limit, int offset, boolean allowFullScan) {
    IndexSchema index = table.index(explicit.name()).orElseThrow(() ->
        new InvalidIndexRangeException("Index " + table.name() + "." + explicit.name()
            + " not found; table \"" + table.name() + "\" has indexes "
            + table.allIndexes().stream().map(IndexSchema::name).toList()));
    IndexRange range = IndexRange.compile(table.name(), index, explicit.expressions());
    List<Pinned> pinned = new ArrayList<>();
    for (IndexRange.Expression e : range.expressions().subList(0, range.equalityCount())) {
      List<ConvexValue> one = new ArrayList<>();
      one.add(e.value());
      pinned.add(new Pinned(e.field(), one));
    }
    boolean served = orderServed(index, pinned, orderBy);
    boolean nothing = where instanceof Filter.Constant k && !k.value() || range.isEmpty();
    List<QueryPlan.Probe> probes = nothing ? List.of()
        : List.of(new QueryPlan.Probe(range, mergesByOrder(pinned, orderBy, served)
            ? IndexSource.equalityPrefixLength(range) : 0));
    boolean fullScan = range.expressions().isEmpty();
    return new QueryPlan(table.name(), index.name(), probes, where, orderBy,
        scanOrder(orderBy, served),
        served ? QueryPlan.OrderStrategy.INDEX : QueryPlan.OrderStrategy.SORT_AFTER_READ,
        fullScan, allowFullScan, limit, offset, "chosen with withIndex");
  }

  private static Order scanOrder(List<Sort> orderBy, boolean served) {
    if (orderBy.isEmpty()) {
      return Order.DESC;
    }
    return served && !orderBy.get(0).descending() ? Order.ASC : Order.DESC;
  }

  /** The constraints of the top-level conjunction, one value set per field. */
  static Map<String, ValueSet> constraints(Filter where) {
    List<Filter> conjuncts = where instanceof Filter.And and ? and.filters() : List.of(where);
    Map<String, ValueSet> result = new HashMap<>();
    for (Filter conjunct : conjuncts) {
      FieldSet fs = fieldSet(conjunct);
      if (fs != null) {
        result.merge(fs.field(), fs.set(), ValueSet::intersect);
      }
    }
    return result;
  }

  private record FieldSet(String field, ValueSet set) {
  }

  /**
   * The fields of {@code where} pinned by equality and their values, in the order of its
   * conjuncts, when the only conjuncts of its top-level conjunction that constrain a field are
   * equalities, each on a field of its own (the other conjuncts, which the planner cannot use,
   * are only post-filtered); null otherwise. The plan of such a filter depends on which fields
   * are pinned, never on their values: see {@link PlanCache}.
   */
  static @Nullable Equalities equalities(Filter where) {
    if (where instanceof Filter.Constant) {
      return null;
    }
    List<Filter> conjuncts = where instanceof Filter.And and ? and.filters() : List.of(where);
    String[] fields = new String[conjuncts.size()];
    ConvexValue[] values = new ConvexValue[conjuncts.size()];
    int n = 0;
    for (Filter conjunct : conjuncts) {
      if (conjunct instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
        for (int i = 0; i < n; i++) {
          if (fields[i].equals(c.field())) {
            return null;
          }
        }
        fields[n] = c.field();
        values[n++] = c.value();
      }
      else if (fieldSet(conjunct) != null) {
        return null;
      }
    }
    return new Equalities(Arrays.copyOf(fields, n), Arrays.copyOf(values, n));
  }

  /** Fields pinned by equality, each once, and their values, by position. */
  static final class Equalities {

    private final String[] fields;
    private final ConvexValue[] values;

    Equalities(String[] fields, ConvexValue[] values) {
      this.fields = fields;
      this.values = values;
    }

    /** The fields, in the order of the conjuncts (the caller does not change the array). */
    String[] fields() {
      return fields;
    }

    /** The value of {@code field}, which is one of the fields. */
    ConvexValue value(String field) {
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].equals(field)) {
          return values[i];
        }
      }
      throw new IllegalArgumentException("Field " + field + " is not pinned");
    }
  }

  /** The values of one field a filter admits, when the filter constrains a single field. */
  private static @Nullable FieldSet fieldSet(Filter f) {
    if (f instanceof Filter.Compare c) {
      ConvexValue v = c.value();
      switch (c.op()) {
        case EQ:
          return new FieldSet(c.field(), ValueSet.points(List.of(v)));
        case NE:
          return new FieldSet(c.field(), ValueSet.allExcept(List.of(v)));
        case GT:
          return interval(c.field(), ValueSet.Bound.at(v, false), ValueSet.Bound.NONE);
        case GTE:
          return interval(c.field(), ValueSet.Bound.at(v, true), ValueSet.Bound.NONE);
        case LT:
          return interval(c.field(), ValueSet.Bound.NONE, ValueSet.Bound.at(v, false));
        default:
          return interval(c.field(), ValueSet.Bound.NONE, ValueSet.Bound.at(v, true));
      }
    }
    if (f instanceof Filter.Between b) {
      if (!b.negated()) {
        return interval(b.field(), ValueSet.Bound.at(b.low(), true),
            ValueSet.Bound.at(b.high(), true));
      }
      ValueSet below = ValueSet.of(new ValueSet.Interval(ValueSet.Bound.NONE,
          ValueSet.Bound.at(b.low(), false)));
      ValueSet above = ValueSet.of(new ValueSet.Interval(ValueSet.Bound.at(b.high(), false),
          ValueSet.Bound.NONE));
      return new FieldSet(b.field(), below.union(above));
    }
    if (f instanceof Filter.In in) {
      return new FieldSet(in.field(), in.negated() ? ValueSet.allExcept(in.values())
          : ValueSet.points(in.values()));
    }
    if (f instanceof Filter.IsNull n) {
      if (n.negated()) {
        return new FieldSet(n.field(), ValueSet.notNull());
      }
      List<@Nullable ConvexValue> nulls = new ArrayList<>();
      nulls.add(null);
      nulls.add(ConvexNull.INSTANCE);
      return new FieldSet(n.field(), ValueSet.points(nulls));
    }
    if (f instanceof Filter.Missing m) {
      if (m.negated()) {
        // Every present value is at least null, the smallest value after "missing".
        return interval(m.field(), ValueSet.Bound.at(ConvexNull.INSTANCE, true),
            ValueSet.Bound.NONE);
      }
      List<@Nullable ConvexValue> missing = new ArrayList<>();
      missing.add(null);
      return new FieldSet(m.field(), ValueSet.points(missing));
    }
    if (f instanceof Filter.Text t && t.match() == Filter.TextMatch.STARTS_WITH && !t.negated()) {
      return new FieldSet(t.field(), ValueSet.stringsStartingWith(t.text()));
    }
    if (f instanceof Filter.Or or) {
      return sameFieldEqualities(or);
    }
    return null;
  }

  /** An {@code or} of equalities (or {@code in}) on one field is a set of points. */
  private static @Nullable FieldSet sameFieldEqualities(Filter.Or or) {
    String field = null;
    List<ConvexValue> values = new ArrayList<>();
    for (Filter part : or.filters()) {
      String partField;
      if (part instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
        partField = c.field();
        values.add(c.value());
      }
      else if (part instanceof Filter.In in && !in.negated()) {
        partField = in.field();
        values.addAll(in.values());
      }
      else {
        return null;
      }
      if (field != null && !field.equals(partField)) {
        return null;
      }
      field = partField;
    }
    return field == null ? null : new FieldSet(field, ValueSet.points(values));
  }

  private static FieldSet interval(String field, ValueSet.Bound lower, ValueSet.Bound upper) {
    return new FieldSet(field, ValueSet.of(new ValueSet.Interval(lower, upper)));
  }

  private static Candidate evaluate(IndexSchema index, Map<String, ValueSet> constraints,
      List<Sort> orderBy) {
    List<String> keyFields = index.keyFields();
    List<Pinned> pinned = new ArrayList<>();
    ValueSet range = null;
    int probes = 1;
    for (String field : keyFields) {
      ValueSet set = constraints.get(field);
      if (set == null || set.isAll() || set.isEmpty()) {
        break;
      }
      int n = set.intervals().size();
      if ((long) probes * n > MAX_PROBES) {
        break;
      }
      if (set.isPoints()) {
        List<@Nullable ConvexValue> values = new ArrayList<>();
        for (ValueSet.Interval point : set.intervals()) {
          values.add(point.lower().value());
        }
        pinned.add(new Pinned(field, values));
        probes *= n;
        continue;
      }
      range = set;
      probes *= n;
      break;
    }
    boolean exact = !pinned.isEmpty() && pinned.size() >= index.fields().size();
    return new Candidate(index, pinned, range, orderServed(keyFields, pinned, orderBy), exact,
        probes);
  }

  /**
   * Whether reading {@code index} with these pinned fields yields rows in {@code orderBy}:
   * the order fields (after dropping fields pinned to one value) must be the index fields right
   * after the pinned ones, all in one direction. No order means the index order.
   */
  private static boolean orderServed(IndexSchema index, List<Pinned> pinned, List<Sort> orderBy) {
    return orderServed(index.keyFields(), pinned, orderBy);
  }

  /** {@link #orderServed(IndexSchema, List, List)} given the index's key fields. */
  private static boolean orderServed(List<String> keyFields, List<Pinned> pinned,
      List<Sort> orderBy) {
    return IndexAdvice.servesOrder(keyFields, pinned.size(), effectiveOrder(pinned, orderBy));
  }

  /** The order terms left once fields pinned to one value are dropped (they are constant). */
  private static List<Sort> effectiveOrder(List<Pinned> pinned, List<Sort> orderBy) {
    if (orderBy.isEmpty()) {
      return List.of();
    }
    List<Sort> effective = new ArrayList<>(orderBy.size());
    for (Sort s : orderBy) {
      if (!pinnedToOne(pinned, s.field())) {
        effective.add(s);
      }
    }
    return effective;
  }

  private static boolean pinnedToOne(List<Pinned> pinned, String field) {
    for (Pinned p : pinned) {
      if (p.field().equals(field) && p.values().size() == 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether probes are merged by the key after their equality prefix (an order the index
   * serves after the pinned fields), rather than by the whole key (the index order).
   */
  private static boolean mergesByOrder(List<Pinned> pinned, List<Sort> orderBy, boolean served) {
    return served && !effectiveOrder(pinned, orderBy).isEmpty();
  }

  /**
   * Refuses a plan that reads the whole table only because the leading field of some index has
   * more values than {@link #MAX_PROBES}: an index union never silently becomes a scan.
   */
  private static void refuseUnionOverCeiling(TableSchema table, Map<String, ValueSet> constraints) {
    for (IndexSchema index : table.allIndexes()) {
      String field = index.keyFields().get(0);
      ValueSet set = constraints.get(field);
      if (set != null && set.isPoints() && set.intervals().size() > MAX_PROBES) {
        throw new UnboundedQueryException("The filter on field \"" + field + "\" of table \""
            + table.name() + "\" has " + set.intervals().size() + " values: index "
            + index.name() + " would read one range per value, more than the ceiling of "
            + MAX_PROBES + " index ranges per query, and the query is not turned into a read "
            + "of the whole table. Split the values into queries of at most " + MAX_PROBES
            + ", or narrow the filter with another indexed field");
      }
    }
  }

  private static List<QueryPlan.Probe> probes(TableSchema table, Candidate c,
      boolean mergesByOrder) {
    List<List<ConvexValue>> prefixes = new ArrayList<>();
    prefixes.add(new ArrayList<>());
    for (Pinned p : c.pinned()) {
      List<List<ConvexValue>> next = new ArrayList<>();
      for (List<ConvexValue> prefix : prefixes) {
        for (ConvexValue v : p.values()) {
          List<ConvexValue> extended = new ArrayList<>(prefix);
          extended.add(v);
          next.add(extended);
        }
      }
      prefixes = next;
    }
    ValueSet rangeSet = c.range();
    List<QueryPlan.Probe> probes = new ArrayList<>();
    for (List<ConvexValue> prefix : prefixes) {
      List<IndexRange.Expression> eqs = new ArrayList<>();
      for (int i = 0; i < prefix.size(); i++) {
        eqs.add(new IndexRange.Expression(IndexRange.Operator.EQ, c.pinned().get(i).field(),
            prefix.get(i)));
      }
      if (rangeSet == null) {
        IndexRange range = IndexRange.compile(table.name(), c.index(), eqs);
        probes.add(new QueryPlan.Probe(range,
            mergesByOrder ? IndexSource.equalityPrefixLength(range) : 0));
        continue;
      }
      String rangeField = c.index().keyFields().get(c.pinned().size());
      for (ValueSet.Interval interval : rangeSet.intervals()) {
        List<IndexRange.Expression> expressions = new ArrayList<>(eqs);
        if (!interval.lower().unbounded()) {
          expressions.add(new IndexRange.Expression(interval.lower().inclusive()
              ? IndexRange.Operator.GTE : IndexRange.Operator.GT, rangeField,
              interval.lower().value()));
        }
        if (!interval.upper().unbounded()) {
          expressions.add(new IndexRange.Expression(interval.upper().inclusive()
              ? IndexRange.Operator.LTE : IndexRange.Operator.LT, rangeField,
              interval.upper().value()));
        }
        IndexRange range = IndexRange.compile(table.name(), c.index(), expressions);
        if (!range.isEmpty()) {
          probes.add(new QueryPlan.Probe(range,
              mergesByOrder ? IndexSource.equalityPrefixLength(range) : 0));
        }
      }
    }
    return probes;
  }

  private static String reason(Candidate c, boolean fullScan) {
    if (fullScan) {
      return "no index narrows the filter: reads the whole table";
    }
    List<String> parts = new ArrayList<>();
    if (!c.pinned().isEmpty()) {
      parts.add(c.pinned().size() + (c.pinned().size() == 1 ? " field" : " fields")
          + " pinned by equality" + (c.exact() ? ", exact match" : ""));
    }
    if (c.range() != null) {
      parts.add("range on " + c.index().keyFields().get(c.pinned().size()));
    }
    if (c.probes() > 1) {
      parts.add(c.probes() + " probes");
    }
    parts.add(c.orderServed() ? "serves the order" : "does not serve the order");
    return String.join(", ", parts);
  }

  static String describe(List<String> fields) {
    return Arrays.toString(fields.toArray());
  }
}
