package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a database index on the annotated table; {@code _creationTime} and {@code _id} are
 * appended to its key automatically. Repeatable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Indexes.class)
public @interface Index {

  /** The index name, unique within the table. */
  String name();

  /** The indexed field names (document names, dotted paths allowed), in key order. */
  String[] fields();
}
