package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a relation to rows of another table through a junction table: junction rows whose
 * {@code sourceFields} equal this row's {@code fields} (default {@code _id}) link to target rows
 * whose {@code references} (default {@code _id}) equal the junction's {@code targetFields}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface ManyToMany {

  /** The target table; empty means the table of the collection's element class. */
  String table() default "";

  /** The junction table. */
  String through();

  /** Junction fields matching this table's {@code fields}. */
  String[] sourceFields();

  /** Junction fields matching the target's {@code references}. */
  String[] targetFields();

  /** This table's fields; empty means {@code _id}. */
  String[] fields() default {};

  /** The target's fields; empty means {@code _id}. */
  String[] references() default {};

  /** The alias of this relation. */
  String alias() default "";
}
