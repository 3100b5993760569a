package dev.betterconvex.orm.query;

/** Why a page suggests or requires splitting, as Convex reports it. */
public enum PageStatus {
  /** The page read more than 75% of its row budget; split it at {@code splitCursor} next time. */
  SPLIT_RECOMMENDED,
  /** The page hit its row budget and may be incomplete; re-read it as two pages. */
  SPLIT_REQUIRED
}
