package dev.betterconvex.orm.testing.cycle.right;

import dev.betterconvex.orm.testing.cycle.left.Left;

/** The other half of a deliberate package cycle. */
public final class Right {

  /** Depends back on the first package. */
  public Left left() {
    return new Left();
  }
}
