package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a relation to the rows of another table that point back to this one; the property is
 * a {@code List} or {@code Set} of that table's entity class. Without {@code fields}, they are
 * inferred from the target's {@link One} relation or foreign key to this table.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Many {

  /** The target table; empty means the table of the collection's element class. */
  String table() default "";

  /** This table's fields (usually {@code _id}); empty means inferred. */
  String[] fields() default {};

  /** The target's fields paired with {@code fields}. */
  String[] references() default {};

  /** The alias of the target's {@link One} relation this relation inverts. */
  String alias() default "";
}
