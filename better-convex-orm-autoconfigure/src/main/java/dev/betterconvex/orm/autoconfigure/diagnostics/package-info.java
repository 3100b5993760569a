/**
 * Spring Boot failure analyzers for the startup failures of Better Convex ORM: an invalid
 * schema, a repository method no index serves, an engine that could not bootstrap its tables.
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
