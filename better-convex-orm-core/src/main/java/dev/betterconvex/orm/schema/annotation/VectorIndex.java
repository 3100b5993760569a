package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares a vector index on a {@link Vector} field of the annotated table. Repeatable. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(VectorIndexes.class)
public @interface VectorIndex {

  /** The index name, unique within the table across all index kinds. */
  String name();

  /** The field holding the vectors. */
  String vectorField();

  /** The vector length; 0 (the default) takes it from the field's {@link Vector}. */
  int dimensions() default 0;

  /** The fields a vector search may filter on (at most 16). */
  String[] filterFields() default {};
}
