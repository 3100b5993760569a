package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps the property to the system field {@code _id}; the property must be a {@link String}. It is
 * read-only: the store assigns ids. Spring Data's {@code @Id} is honoured the same way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Id {
}
