package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps the property to the system field {@code _creationTime}: Float64 milliseconds since the
 * epoch, so the property must be a {@code double} or {@link Double} (a {@code long} would drop
 * the fraction Convex keeps), or an {@link java.time.Instant}, the nearest to the nanosecond.
 * Read-only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface CreationTime {
}
