package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;

import dev.betterconvex.orm.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/** The refusals of a read, each naming the table and what to change. */
final class QueryErrors {

  private QueryErrors() {
  }

  static UnboundedQueryException unboundedFindMany(TableSchema table) {
    return new UnboundedQueryException("findMany on table \"" + table.name() + "\" is unbounded: "
        + "give it a limit(n), declare a default limit on the table (@Table(defaultLimit = ...) "
        + "or defaultLimit(n) in the schema builder), or call allowFullScan()");
  }

  static UnboundedQueryException unboundedCount(TableSchema table) {
    return new UnboundedQueryException("count on table \"" + table.name() + "\" would read the "
        + "whole table: filter on indexed fields, or call allowFullScan()");
  }

  static UnboundedQueryException orderNotServed(TableSchema table, QueryPlan plan) {
    return new UnboundedQueryException("orderBy " + plan.orderBy() + " on table \""
        + table.name() + "\" is not served by index " + plan.index()
        + ": the order fields must come right after the fields pinned by equality. Add an "
        + "index that serves it" + suggestion(plan) + ", or call allowFullScan() to sort after "
        + "reading every matching row");
  }

  static UnboundedQueryException pageOrderNotServed(TableSchema table, QueryPlan plan) {
    return new UnboundedQueryException("paginate on table \"" + table.name() + "\" needs an "
        + "order an index serves; orderBy " + plan.orderBy() + " is not served by index "
        + plan.index() + ". Add an index that serves it" + suggestion(plan));
  }

  static InvalidDataAccessApiUsageException offsetWithCursor() {
    return new InvalidDataAccessApiUsageException("offset cannot be combined with cursor "
        + "pagination: cursors already say where a page starts");
  }

  private static String suggestion(QueryPlan plan) {
    List<String> fields = new ArrayList<>();
    Map<String, ValueSet> constraints = Planner.constraints(plan.postFilter());
    for (Map.Entry<String, ValueSet> e : constraints.entrySet()) {
      if (e.getValue().isPoints() && !e.getKey().startsWith("_")) {
        fields.add(e.getKey());
      }
    }
    fields.sort(null);
    for (Sort s : plan.orderBy()) {
      if (!fields.contains(s.field()) && !s.field().startsWith("_")) {
        fields.add(s.field());
      }
    }
    return fields.isEmpty() ? "" : " (for example on " + fields + ")";
  }

  /**
   * Refuses a {@code findUnique} whose bound filter pins neither {@code _id} nor every field of
   * a unique constraint.
   */
  static void requireUniqueKey(TableSchema table, Filter resolved) {
    if (resolved instanceof Filter.Constant) {
      return;
    }
    Set<String> pinned = new HashSet<>();
    List<Filter> conjuncts = resolved instanceof Filter.And and ? and.filters() : List.of(resolved);
    for (Filter f : conjuncts) {
      if (f instanceof Filter.Compare c && c.op() == Filter.Op.EQ) {
        pinned.add(c.field());
      }
    }
    if (table.isUniqueKey(pinned)) {
      return;
    }
    throw new InvalidDataAccessApiUsageException("findUnique on table \"" + table.name()
        + "\" needs eq on _id or on every field of a unique constraint "
        + table.uniqueConstraints().stream().map(u -> u.name() + u.fields()).toList()
        + "; the filter pins " + (pinned.isEmpty() ? "no field" : pinned.stream().sorted().toList())
        + ". Use findFirst for a non-unique lookup");
  }
}
