/**
 * Convex values: the value types, their total order, the order-preserving key encoding,
 * the JSON form and the mapping from Java objects.
 */
@NullMarked
package dev.betterconvex.orm.value;

import org.jspecify.annotations.NullMarked;
