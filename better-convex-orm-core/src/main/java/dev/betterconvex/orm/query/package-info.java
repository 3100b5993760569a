/**
 * The ORM's reads: the index planner, {@code findMany}/{@code findFirst}/
 * {@code findUnique}/{@code count}, ordering, the sizing policy and {@code explain()}.
 */
@NullMarked
package dev.betterconvex.orm.query;

import org.jspecify.annotations.NullMarked;
