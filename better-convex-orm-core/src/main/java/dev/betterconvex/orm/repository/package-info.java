/**
 * Spring Data repositories over the ORM: {@code BetterConvexRepository} (CRUD, sort and limit),
 * derived query methods ({@code findBy…}, {@code findUniqueBy…}, {@code countBy…},
 * {@code existsBy…}, {@code deleteBy…}) planned against the schema's indexes when the repository
 * is created, {@code Window} results at keyset {@code ScrollPosition}s and first {@code Slice}s
 * over cursor pagination, and {@code @EnableBetterConvexRepositories} for applications without
 * the auto-configuration.
 */
@NullMarked
package dev.betterconvex.orm.repository;

import org.jspecify.annotations.NullMarked;
