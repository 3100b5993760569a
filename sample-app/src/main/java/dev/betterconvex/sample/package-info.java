/**
 * The sample application: a small multi-tenant project tracker on Better Convex ORM.
 */
@NullMarked
package dev.betterconvex.sample;

import org.jspecify.annotations.NullMarked;
