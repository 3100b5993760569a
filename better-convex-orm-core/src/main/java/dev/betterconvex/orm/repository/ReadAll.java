package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.store.TransactionLimitExceededException;
import java.util.List;

/**
 * The repository reads that return every match, as Spring Data's do: no limit (the table's
 * default limit is the ORM's {@code findMany} default, not a repository's), bounded by the
 * transaction limits only. Past one, the read fails naming the limit and how to page; it never
 * returns a truncated list.
 */
final class ReadAll {

  private ReadAll() {
  }

  /**
   * Reads every row {@code query} matches.
   *
   * @param description the call, for the error ({@code findAll on the repository of Event})
   * @param paging how to read the same rows page by page instead
   * @throws TransactionLimitExceededException naming the limit, the call and {@code paging}
   */
  static <T> List<T> rows(FindQuery<T> query, String description, String paging) {
    try {
      return query.limit(Integer.MAX_VALUE).findMany();
    }
    catch (TransactionLimitExceededException ex) {
      throw new TransactionLimitExceededException(ex.limit(), description + " returns every "
          + "match, and reading them passed a transaction limit: " + ex.getMessage()
          + ". Read them page by page instead: " + paging);
    }
  }
}
