package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a relation to at most one row of another table; the property type is that table's
 * entity class. Without {@code fields}, they are inferred from this table's single foreign key to
 * the target, or from the inverse relation (see docs/schema.md).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface One {

  /** The target table; empty means the table of the property's entity class. */
  String table() default "";

  /** This table's fields; empty means inferred. */
  String[] fields() default {};

  /** The target's fields paired with {@code fields}; empty means {@code _id} for one field. */
  String[] references() default {};

  /** The alias pairing this relation with its inverse. */
  String alias() default "";

  /** Whether the related row may be absent. */
  boolean optional() default true;
}
