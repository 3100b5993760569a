package dev.betterconvex.orm.testing.cycle.left;

import dev.betterconvex.orm.testing.cycle.right.Right;

/** Half of a deliberate package cycle: proves the cycle check fails on one. */
public final class Left {

  /** Depends on the other package. */
  public Right right() {
    return new Right();
  }
}
