/**
 * The {@code @BetterConvexTest} test slice, for tests of an application's entities and
 * repositories. Needs Spring Boot's test support on the test class path
 * ({@code spring-boot-starter-test} and {@code spring-boot-starter-jdbc-test}).
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure.test;

import org.jspecify.annotations.NullMarked;
