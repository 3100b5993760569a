/** A deliberate package cycle for {@code PackageCycleTests}. */
@NullMarked
package dev.betterconvex.orm.testing.rootcycle.leaf;

import org.jspecify.annotations.NullMarked;
