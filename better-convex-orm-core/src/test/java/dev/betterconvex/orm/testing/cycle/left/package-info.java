/** A deliberate package cycle for {@code PackageCycleTests}. */
@NullMarked
package dev.betterconvex.orm.testing.cycle.left;

import org.jspecify.annotations.NullMarked;
