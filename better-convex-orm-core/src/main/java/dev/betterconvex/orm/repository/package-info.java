/**
 * Spring Data repositories over the ORM: {@code BetterConvexRepository} (CRUD, sort, limit,
 * pages and Query by Example), query methods derived from their names ({@code findBy…},
 * {@code findUniqueBy…}, {@code countBy…}, {@code existsBy…}, {@code deleteBy…}) or declared
 * with {@code @ConvexQuery}, planned against the schema's indexes when the repository is
 * created, projections, {@code Window} results at keyset {@code ScrollPosition}s, first
 * {@code Slice}s over cursor pagination, {@code Page}s by offset with a total, and
 * {@code @EnableBetterConvexRepositories} for applications without the auto-configuration.
 */
@NullMarked
package dev.betterconvex.orm.repository;

import org.jspecify.annotations.NullMarked;
