package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Types a {@code List<Double>}, {@code List<Float>}, {@code double[]} or {@code float[]} property
 * as {@code vector(dimensions)}, for vector indexes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Vector {

  /** The vector length, 2 to 4096. */
  int value();
}
