/** A deliberate package cycle for {@code PackageCycleTests}. */
@NullMarked
package dev.betterconvex.orm.testing.rootcycle;

import org.jspecify.annotations.NullMarked;
