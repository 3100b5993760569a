/**
 * Entity callbacks, as Spring Data JDBC's {@code relational.core.mapping.event}: beans of these
 * types see (and may replace) each entity the ORM writes or reads, inside the mutation's
 * transaction, so a callback that throws rolls the write back.
 */
@NullMarked
package dev.betterconvex.orm.callback;

import org.jspecify.annotations.NullMarked;
