package dev.betterconvex.orm.store;

/** A query named an index that is still being built; it can be read once it is ready. */
public final class IndexNotReadyException extends InvalidIndexRangeException {

  /** Creates the exception for {@code table.index}. */
  public IndexNotReadyException(String table, String index) {
    super("Index " + table + "." + index + " is not ready: it is still being built (state "
        + IndexState.BUILDING + "); an engine starting with CREATE_OR_UPGRADE finishes it");
  }
}
