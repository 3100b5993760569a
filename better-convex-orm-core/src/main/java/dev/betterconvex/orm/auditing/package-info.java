/**
 * Auditing: {@link dev.betterconvex.orm.auditing.EnableBetterConvexAuditing} fills the
 * {@code @CreatedDate}, {@code @LastModifiedDate}, {@code @CreatedBy} and
 * {@code @LastModifiedBy} properties of each entity the ORM saves.
 */
@NullMarked
package dev.betterconvex.orm.auditing;

import org.jspecify.annotations.NullMarked;
