/**
 * The filter and order language shared by reads, relations, writes and row-level security:
 * {@code Filter} (its meaning, {@code Filter.matches}), the operators of {@code Filters},
 * {@code Sort}, and {@code FilterResolver}, which binds names and literals to a table (created
 * only by the ORM, through the {@code FilterInternals} service interface).
 */
@NullMarked
package dev.betterconvex.orm.filter;

import org.jspecify.annotations.NullMarked;
