package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.relation.RelationCounter;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Relation counts from aggregate indexes, planned by {@link AggregatePlan} as a {@code count()}
 * is: the parents' keys are an {@code in} on the relation's target fields, joined by the
 * count's {@code where} and the related table's row-level security policies; the probes of all
 * parents are read in one call ({@link EngineInternals#aggregateCounts}).
 */
final class AggregateRelationCounter implements RelationCounter {

  private final ConvexOrm orm;

  AggregateRelationCounter(ConvexOrm orm) {
    this.orm = orm;
  }

  @Override
  public @Nullable String plan(Request request) {
    // One placeholder key: the index chosen does not depend on the values.
    List<ConvexValue> placeholder = new ArrayList<>();
    request.targetFields().forEach(f -> placeholder.add(ConvexNull.INSTANCE));
    AggregatePlan plan = plan(request, List.of(placeholder));
    if (plan.served()) {
      return plan.readsNothing() ? "" : plan.index().name();
    }
    if (request.allowFullScan()) {
      return null;
    }
    throw new AggregateIndexRequiredException(plan.refusal());
  }

  @Override
  public long @Nullable [] count(DatabaseReader db, Request request,
      List<List<ConvexValue>> keys) {
    AggregatePlan plan = plan(request, keys);
    long[] result = new long[keys.size()];
    if (!plan.served()) {
      if (request.allowFullScan()) {
        return null;
      }
      throw new AggregateIndexRequiredException(plan.refusal());
    }
    if (plan.readsNothing()) {
      return result;
    }
    Map<String, Integer> keyIndex = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      keyIndex.put(AggregatePlan.groupKey(new ArrayList<>(keys.get(i))), i);
    }
    List<String> on = plan.index().on();
    long[] perProbe = EngineInternals.of(db).aggregateCounts(request.target().name(),
        plan.index().name(), plan.probes());
    for (int p = 0; p < perProbe.length; p++) {
      List<@Nullable ConvexValue> probe = plan.probes().get(p);
      List<@Nullable ConvexValue> key = new ArrayList<>(request.targetFields().size());
      for (String field : request.targetFields()) {
        key.add(probe.get(on.indexOf(field)));
      }
      // With several target fields the probes are their values' combinations: some are no key.
      Integer k = keyIndex.get(AggregatePlan.groupKey(key));
      if (k != null) {
        result[k] += perProbe[p];
      }
    }
    return result;
  }

  private AggregatePlan plan(Request request, List<List<ConvexValue>> keys) {
    List<Filter> conjuncts = new ArrayList<>();
    for (int f = 0; f < request.targetFields().size(); f++) {
      List<ConvexValue> values = new ArrayList<>(keys.size());
      for (List<ConvexValue> key : keys) {
        values.add(key.get(f));
      }
      conjuncts.add(new Filter.In(request.targetFields().get(f), values, false));
    }
    conjuncts.add(request.where());
    RowLevelSecurity.ReadRestriction restriction = orm.readRestriction(request.target().name());
    Filter policies = restriction.isNone() ? new Filter.And(List.of())
        : orm.bindFilter(request.target().name(), restriction.filter());
    return AggregatePlan.plan(request.target(), "count of relation \"" + request.name() + "\" ("
        + request.path() + ")", new Filter.And(conjuncts), policies, restriction,
        Aggregation.of(), List.of());
  }
}
