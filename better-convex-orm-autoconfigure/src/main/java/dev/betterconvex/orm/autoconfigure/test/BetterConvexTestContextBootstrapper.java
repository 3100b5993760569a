package dev.betterconvex.orm.autoconfigure.test;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/** Bootstraps the test context of {@link BetterConvexTest} (its {@code properties}). */
class BetterConvexTestContextBootstrapper
    extends TestSliceTestContextBootstrapper<BetterConvexTest> {
}
