package dev.betterconvex.orm.query;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A read the sizing policy refuses before reading anything: a query with no limit, a sort that
 * no index serves, or a count of a whole table, without {@code allowFullScan()}; or, even with
 * it, an index union of more values than the planner's ceiling of 1,024 index ranges.
 */
public class UnboundedQueryException extends InvalidDataAccessApiUsageException {

  /** Creates the exception. */
  public UnboundedQueryException(String message) {
    super(message);
  }
}
