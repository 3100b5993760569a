package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the field a static default, written as a literal parsed for the field type: the text
 * itself for string, enum and id fields, a number for int64 and float64, {@code true} or {@code
 * false} for boolean. Other types, and computed defaults, are declared with the builder.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Default {

  /** The default literal. */
  String value();
}
