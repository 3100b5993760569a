package dev.betterconvex.orm.schema.annotation;

import dev.betterconvex.orm.schema.ReferentialAction;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a foreign key from the annotated field to {@code _id} (the default) or to a
 * single-field unique constraint of another table. A {@link String} referencing {@code _id} gets
 * the type {@code id(table)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface References {

  /** The parent table. */
  String table();

  /** The parent field: {@code _id}, or the only field of a unique constraint. */
  String field() default "_id";

  /** The action on child rows when the parent is deleted. */
  ReferentialAction onDelete() default ReferentialAction.NO_ACTION;

  /** The action on child rows when the parent's referenced field changes. */
  ReferentialAction onUpdate() default ReferentialAction.NO_ACTION;

  /** The foreign key name; empty means {@code <table>_<field>_fk}. */
  String name() default "";
}
