/**
 * The Convex engine over JDBC: documents and order-preserving index keys in H2 or PostgreSQL,
 * serializable transactions with retry and limits, and the low-level database API
 * ({@link dev.betterconvex.orm.store.DatabaseReader}, {@link dev.betterconvex.orm.store.DatabaseWriter}),
 * the equivalent of Convex's {@code ctx.db}.
 */
@NullMarked
package dev.betterconvex.orm.store;

import org.jspecify.annotations.NullMarked;
