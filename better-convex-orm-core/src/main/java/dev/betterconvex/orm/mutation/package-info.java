/**
 * The ORM's writes: {@link dev.betterconvex.orm.mutation.ConvexMutations} builds inserts
 * (with {@code onConflictDoNothing} and {@code onConflictDoUpdate}), updates and deletes, each
 * run as one serializable transaction with defaults and hooks, schema, check and unique
 * constraints, foreign-key checks and actions, and a per-transaction budget of rows touched.
 */
@NullMarked
package dev.betterconvex.orm.mutation;

import org.jspecify.annotations.NullMarked;
