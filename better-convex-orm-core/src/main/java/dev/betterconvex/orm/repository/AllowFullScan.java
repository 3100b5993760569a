package dev.betterconvex.orm.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allows a derived query method to read what the startup checks refuse otherwise: a filter no
 * index narrows (the whole table is read), an order no index serves (every match is read, then
 * sorted), or a collection result that no limit bounds. It is {@code allowFullScan()} of the
 * ORM's queries, fixed on the method; the transaction limits still apply.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface AllowFullScan {
}
