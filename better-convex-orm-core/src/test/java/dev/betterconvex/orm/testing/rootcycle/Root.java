package dev.betterconvex.orm.testing.rootcycle;

import dev.betterconvex.orm.testing.rootcycle.leaf.Leaf;

/** A root-package class in a deliberate cycle with its own subpackage. */
public final class Root {

  /** Depends on the subpackage. */
  public Leaf leaf() {
    return new Leaf();
  }
}
