package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a unique constraint. On a class it names its {@code fields}; on a field or record
 * component it constrains that field alone and takes no {@code fields}. Repeatable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Repeatable(Uniques.class)
public @interface Unique {

  /** The constraint name; on a field, empty means {@code <table>_<field>_unique}. */
  String name() default "";

  /** The constrained fields (document names); only on a class. */
  String[] fields() default {};

  /** Whether null and missing values conflict with each other (by default they never do). */
  boolean nullsNotDistinct() default false;
}
