package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.RelationQuery;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import io.micrometer.observation.Observation;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The ORM's service interface for its own write and repository layers: not for users, and not
 * part of the API (it may change in any release). Users read through {@link ConvexOrm} and
 * {@code FindQuery}.
 */
public final class OrmInternals {

  private OrmInternals() {
  }

  /** Runs {@code work} inside the ORM's observation of {@code operation} on {@code table}. */
  public static <R> R observe(ConvexOrm orm, String table, String operation,
      Function<Observation, R> work) {
    return orm.observe(table, operation, work);
  }

  /**
   * Returns what binds a filter to a table as {@code where} does (table, filter to bound filter);
   * policies are bound with it.
   */
  public static BiFunction<String, Filter, Filter> filterBinder(ConvexOrm orm) {
    return orm::bindFilter;
  }

  /**
   * Plans {@code query.count()} as it would run, without reading: returns the aggregate index
   * it reads, or null when it reads rows.
   *
   * @throws AggregateIndexRequiredException when {@code count()} would be refused
   */
  public static @org.jspecify.annotations.Nullable String checkCount(FindQuery<?> query) {
    return query.countIndex();
  }

  /**
   * Plans the relation counts {@code counts} (made by {@link RelationQuery#count}) of rows of
   * {@code table}, as a query's {@code withCount} plans them, without reading.
   */
  public static RelationPlan planCounts(ConvexOrm orm, TableSchema table,
      List<RelationQuery> counts) {
    return orm.relations().plan(table, counts, orm.settings());
  }

  /**
   * Reads the relation counts of {@code plan} for {@code docs} in the current transaction of
   * {@code db}, one read per count for all rows: {@code result[i]} are the counts of
   * {@code docs[i]}, by relation name.
   */
  public static List<Map<String, Long>> loadCounts(ConvexOrm orm, DatabaseReader db,
      RelationPlan plan, List<Document> docs) {
    return orm.relations().load(db, plan, docs).stream().map(Row::counts).toList();
  }
}
