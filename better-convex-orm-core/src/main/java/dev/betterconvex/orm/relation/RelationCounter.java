package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How relation counts ({@code withCount}) are answered from aggregate indexes: the ORM's query
 * layer implements it (its aggregate planner, with row-level security), the loader calls it.
 * A service interface between the ORM's layers, not for application code; it may change in any
 * release.
 */
public interface RelationCounter {

  /**
   * One count level.
   *
   * @param name the relation as the schema names it ({@code users.posts})
   * @param path the with path, for messages ({@code users.posts.comments})
   * @param target the related table, whose rows are counted
   * @param targetFields the fields of {@code target} that equal each parent's key
   * @param where the relation's and the count's filter, resolved
   * @param allowFullScan whether the count may read the rows when no aggregate index serves it
   */
  record Request(String name, String path, TableSchema target, List<String> targetFields,
      Filter where, boolean allowFullScan) {

    /** Copies the fields. */
    public Request {
      targetFields = List.copyOf(targetFields);
    }
  }

  /**
   * Decides, before reading, how {@code request} is counted: the name of the aggregate index
   * read, the empty string when the count is 0 without reading, or null when the rows are read
   * ({@code allowFullScan}).
   *
   * @throws RuntimeException (the aggregate layer's refusal) naming the relation, the fields and
   *     the aggregate index to declare, or the row-level security policy, when no aggregate
   *     index serves the count and the request does not allow a full scan
   */
  @Nullable String plan(Request request);

  /**
   * Counts, in one read of the aggregate buckets, the related rows of every key
   * ({@code keys[i]}: the values of the target fields); null when the rows must be read
   * instead ({@code allowFullScan}).
   */
  long @Nullable [] count(DatabaseReader db, Request request, List<List<ConvexValue>> keys);
}
