package dev.betterconvex.orm.schema.annotation;

import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a rank index on the annotated table: per value tuple of the {@link #partitionBy}
 * fields, the rows in the order of the {@link #orderBy} fields (then by id), so that the rank of
 * a row, the row at an offset, the count and the {@link #sum} of a partition are read in
 * logarithmic time. Maintained by every write. Repeatable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(RankIndexes.class)
public @interface RankIndex {

  /** The index name, unique within the table across all index kinds. */
  String name();

  /** The fields whose value tuple names a partition; empty: one partition for the table. */
  String[] partitionBy() default {};

  /** The fields the rows of a partition are ordered by, at least one; ties are broken by id. */
  String[] orderBy();

  /**
   * The direction of each {@link #orderBy} field: empty (all ascending), one (for every field),
   * or one per field.
   */
  Direction[] direction() default {};

  /** The {@code int64} or {@code float64} field summed per partition; empty for none. */
  String sum() default "";
}
