package dev.betterconvex.orm.filter;

import dev.betterconvex.orm.schema.TableSchema;
import java.util.function.BiPredicate;

/**
 * The filter language's service interface for the ORM's own query and relation layers: not for
 * users, and not part of the API (it may change in any release). Users build filters with
 * {@link Filters} and hand them to a query's {@code where}, which binds them.
 */
public final class FilterInternals {

  private FilterInternals() {
  }

  /**
   * Returns the resolver that binds filters, orders and columns to {@code table}.
   *
   * @param table the table the names refer to
   * @param isIdOf answers whether a string is a well-formed id of a table, without reading
   *     (the engine's {@code normalizeId})
   */
  public static FilterResolver resolver(TableSchema table, BiPredicate<String, String> isIdOf) {
    return new FilterResolver(table, isIdOf);
  }
}
