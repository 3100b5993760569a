package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Holds the number of rows of a {@link Many} relation of the same class, as a query's
 * {@code withCount(value)} counted them: {@code @RelationCount("posts") Long postCount}. The
 * property is not stored; it is {@code long}, {@code Long}, {@code int} or {@code Integer}, and
 * stays null (0 for a primitive) when the query did not count the relation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface RelationCount {

  /** The name of the {@link Many} relation (property) of the same class counted. */
  String value();
}
