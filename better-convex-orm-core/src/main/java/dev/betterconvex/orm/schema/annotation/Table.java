package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class or record as a table. Required on every entity class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Table {

  /** The table name; empty (the default) means the simple class name with a lower-case first letter. */
  String name() default "";

  /** The limit applied to reads that give none; 0 (the default) means no default limit. */
  int defaultLimit() default 0;
}
