package dev.betterconvex.orm.autoconfigure.test;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Leaves the application's components out of a {@link BetterConvexTest}, except those its
 * include filters name; repositories and entities are found by the auto-configuration, not by
 * component scanning.
 */
final class BetterConvexTypeExcludeFilter
    extends StandardAnnotationCustomizableTypeExcludeFilter<BetterConvexTest> {

  BetterConvexTypeExcludeFilter(Class<?> testClass) {
    super(testClass);
  }
}
