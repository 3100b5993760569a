package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an aggregate index on the annotated table: per value tuple of the {@link #on} fields,
 * the row count, the sums of the {@link #sum} fields, and the extremes of the {@link #min} and
 * {@link #max} fields, maintained by every write. Repeatable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(AggregateIndexes.class)
public @interface AggregateIndex {

  /** The index name, unique within the table across all index kinds. */
  String name();

  /** The fields whose value tuple names a bucket, in key order; empty: one bucket for the table. */
  String[] on() default {};

  /** The {@code int64} or {@code float64} fields summed (and averaged) per bucket. */
  String[] sum() default {};

  /** The fields whose smallest value per bucket is kept. */
  String[] min() default {};

  /** The fields whose largest value per bucket is kept. */
  String[] max() default {};
}
