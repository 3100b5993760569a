package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.schema.RankIndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.AggregateValues;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.EngineInternals.RankEntry;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The reads of one rank index for one query, planned in the constructor: the {@code where} and
 * the caller's row-level security policies must pin every {@code partitionBy} field, and only
 * those, to one value each with equalities; anything else is refused naming the fields, the
 * policy and the index. Rows are read by id after the index answered, with the row-level
 * decision on each, their relations and the query's row shape.
 *
 * @param <T> the type of the rows returned
 */
final class RankReads<T> {

  private final ConvexOrm orm;
  private final TableSchema table;
  private final RowShape<T> shape;
  private final RankIndexSchema index;
  private final RowLevelSecurity.ReadRestriction restriction;
  private final RelationPlan relations;
  /** The pinned value of every partitionBy field, in order; null when no row can match. */
  private final @Nullable List<@Nullable ConvexValue> partition;

  RankReads(ConvexOrm orm, TableSchema table, RowShape<T> shape, QuerySpec spec, String name,
      Filter where, Filter policies, RowLevelSecurity.ReadRestriction restriction,
      RelationPlan relations) {
    this.orm = orm;
    this.table = table;
    this.shape = shape;
    this.restriction = restriction;
    this.relations = relations;
    this.index = declared(table, name);
    String subject = "rank index " + table.name() + "." + name;
    refuseUnsupported(spec, subject);
    this.partition = plan(where, policies, subject);
  }

  /** The rank index {@code name} of {@code table}, or a failure naming those it has. */
  static RankIndexSchema declared(TableSchema table, String name) {
    return table.rankIndex(name).orElseThrow(() -> new IllegalArgumentException("Table \""
        + table.name() + "\" has no rank index \"" + name + "\"; its rank indexes are "
        + AggregatePlan.quoted(table.rankIndexes().stream().map(RankIndexSchema::name)
        .toList())));
  }

  private void refuseUnsupported(QuerySpec spec, String subject) {
    List<String> refused = new ArrayList<>();
    if (!spec.orderBy().isEmpty()) {
      refused.add("orderBy (the index orders the rows)");
    }
    if (spec.limit() != null || spec.offset() > 0) {
      refused.add("limit/offset (use page(offset, limit))");
    }
    if (spec.explicit() != null || spec.vector() != null || spec.searching().index() != null) {
      refused.add("withIndex, vectorSearch or withSearchIndex");
    }
    if (spec.allowFullScan()) {
      refused.add("allowFullScan");
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("A read of " + subject + " does not take "
          + String.join(", ", refused));
    }
  }

  private @Nullable List<@Nullable ConvexValue> plan(Filter where, Filter policies,
      String subject) {
    if (!restriction.predicatePolicies().isEmpty()) {
      throw new AggregateIndexRequiredException("A read of " + subject + " is refused under "
          + "row-level security: " + AggregatePlan.quoted(restriction.predicatePolicies())
          + " decides row by row (Condition.test), so ranks among the rows the caller may see "
          + "cannot be read from the index; write the policy as Condition.where with equalities "
          + "on the partitionBy fields " + AggregatePlan.quoted(index.partitionBy()));
    }
    AggregatePlan.Pins user = AggregatePlan.pins(where);
    AggregatePlan.Pins policy = AggregatePlan.pins(policies);
    if (!policy.other().isEmpty()) {
      throw new AggregateIndexRequiredException("A read of " + subject + " is refused under "
          + "row-level security: the filter of " + (restriction.policies().size() == 1
          ? "policy " : "policies ") + AggregatePlan.quoted(restriction.policies()) + ", "
          + AggregatePlan.describe(policy.other()) + ", is not equalities on the partitionBy "
          + "fields " + AggregatePlan.quoted(index.partitionBy()));
    }
    if (!user.other().isEmpty()) {
      throw new AggregateIndexRequiredException("A read of " + subject + " needs a where of eq "
          + "on exactly its partitionBy fields " + AggregatePlan.quoted(index.partitionBy())
          + ", but " + AggregatePlan.describe(user.other()) + " is not such an equality");
    }
    Map<String, List<@Nullable ConvexValue>> pinned = new LinkedHashMap<>(user.values());
    policy.values().forEach((field, values) -> pinned.merge(field, values,
        AggregatePlan::intersect));
    List<String> extra = pinned.keySet().stream()
        .filter(f -> !index.partitionBy().contains(f)).toList();
    List<String> missing = index.partitionBy().stream()
        .filter(f -> !pinned.containsKey(f)).toList();
    if (!extra.isEmpty() || !missing.isEmpty()) {
      throw new AggregateIndexRequiredException("A read of " + subject + " needs a where of eq "
          + "on exactly its partitionBy fields " + AggregatePlan.quoted(index.partitionBy())
          + (missing.isEmpty() ? "" : "; not pinned: " + AggregatePlan.quoted(missing))
          + (extra.isEmpty() ? "" : "; not partitionBy fields: " + AggregatePlan.quoted(extra)
          + (restriction.isNone() ? "" : " (the pinned fields include those of row-level "
          + "security policies " + AggregatePlan.quoted(restriction.policies()) + ")")));
    }
    if (user.nothing() || policy.nothing()) {
      return null;
    }
    List<@Nullable ConvexValue> values = new ArrayList<>();
    for (String field : index.partitionBy()) {
      List<@Nullable ConvexValue> set = Objects.requireNonNull(pinned.get(field));
      if (set.isEmpty()) {
        return null; // the where and a policy pin different values: no row
      }
      if (set.size() > 1) {
        throw new AggregateIndexRequiredException("A read of " + subject + " needs one value "
            + "of partitionBy field \"" + field + "\" (eq), but the filter"
            + (restriction.isNone() ? "" : " with the row-level security policies "
            + AggregatePlan.quoted(restriction.policies())) + " allows " + set.size());
      }
      values.add(set.get(0));
    }
    return values;
  }

  @Nullable String sumField() {
    return index.sum();
  }

  AggregateValues totals() {
    List<@Nullable ConvexValue> part = partition;
    if (part == null) {
      return AggregatePlan.EMPTY;
    }
    return orm.engine().query(db -> EngineInternals.of(db).rankTotals(table.name(), index.name(),
        part));
  }

  /** The rank of the row {@code id}, empty when the caller cannot read such a row. */
  OptionalLong indexOf(String id) {
    List<@Nullable ConvexValue> part = partition;
    return orm.engine().query(db -> {
      Optional<String> normal = db.normalizeId(table.name(), id);
      if (normal.isEmpty()) {
        return OptionalLong.empty();
      }
      EngineInternals internals = EngineInternals.of(db);
      Document doc = internals.getAll(table.name(), List.of(normal.get())).get(normal.get());
      if (doc == null || !restriction.rows().test(doc)) {
        return OptionalLong.empty();
      }
      List<@Nullable ConvexValue> own = new ArrayList<>();
      for (String field : index.partitionBy()) {
        own.add(doc.get(field));
      }
      if (part == null || !same(part, own)) {
        throw new IllegalArgumentException("Row " + id + " of table \"" + table.name()
            + "\" is not in the partition the query pins (" + index.partitionBy() + " = "
            + (part == null ? "no partition" : part) + ") of rank index " + table.name() + "."
            + index.name() + "; it is in " + own);
      }
      return OptionalLong.of(internals.rankOf(table.name(), index.name(), part, doc));
    });
  }

  private static boolean same(List<@Nullable ConvexValue> a, List<@Nullable ConvexValue> b) {
    for (int i = 0; i < a.size(); i++) {
      if (ValueOrder.compare(a.get(i), b.get(i)) != 0) {
        return false;
      }
    }
    return true;
  }

  /** One page of rows and the position after its last entry (null when it read none). */
  record Rows<T>(List<T> rows, byte @Nullable [] last, boolean done) {
  }

  /**
   * Up to {@code limit} rows from the entry at {@code offset} on, or after {@code after};
   * {@code offset} of -1 with no {@code after}: the last row (one read by the count).
   */
  Rows<T> rows(long offset, byte @Nullable [] after, int limit) {
    List<@Nullable ConvexValue> part = partition;
    if (part == null) {
      return new Rows<>(List.of(), null, true);
    }
    return orm.engine().query(db -> {
      EngineInternals internals = EngineInternals.of(db);
      long from = offset;
      if (from < 0) {
        from = internals.rankTotals(table.name(), index.name(), part).count() + offset;
        if (from < 0) {
          return new Rows<T>(List.of(), null, true);
        }
      }
      List<RankEntry> entries = internals.rankEntries(table.name(), index.name(), part, from,
          after, limit + 1);
      boolean done = entries.size() <= limit;
      List<RankEntry> taken = done ? entries : entries.subList(0, limit);
      Map<String, Document> found = internals.getAll(table.name(),
          taken.stream().map(RankEntry::id).toList());
      List<Document> docs = new ArrayList<>(taken.size());
      for (RankEntry entry : taken) {
        Document doc = found.get(entry.id());
        if (doc != null && restriction.rows().test(doc)) {
          docs.add(doc);
        }
      }
      List<T> rows = shape.readAll(orm.relations().load(db, relations, docs));
      return new Rows<>(rows, taken.isEmpty() ? null : taken.get(taken.size() - 1).position(),
          done);
    });
  }
}
