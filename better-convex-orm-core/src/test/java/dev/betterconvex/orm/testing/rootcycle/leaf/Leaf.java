package dev.betterconvex.orm.testing.rootcycle.leaf;

import dev.betterconvex.orm.testing.rootcycle.Root;

/** A subpackage class that depends back on its root package. */
public final class Leaf {

  /** Depends on the root package. */
  public Root root() {
    return new Root();
  }
}
