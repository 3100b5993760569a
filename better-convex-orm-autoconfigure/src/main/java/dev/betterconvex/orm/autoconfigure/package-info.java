/**
 * Spring Boot auto-configuration for Better Convex ORM.
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure;

import org.jspecify.annotations.NullMarked;
