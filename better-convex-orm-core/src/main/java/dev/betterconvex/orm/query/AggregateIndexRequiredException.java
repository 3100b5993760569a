package dev.betterconvex.orm.query;

/**
 * An aggregate read ({@code count} on a table with aggregate indexes, {@code aggregate},
 * {@code groupBy}) that no aggregate index can answer without reading the rows, refused before
 * reading: the message names the filter or policy that no aggregate index serves and the index
 * to declare. {@code allowFullScan()} reads the rows instead, within the transaction limits.
 */
public class AggregateIndexRequiredException extends UnboundedQueryException {

  /** Creates the exception. */
  public AggregateIndexRequiredException(String message) {
    super(message);
  }
}
