package dev.betterconvex.orm.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Loads a relation with every row a derived query method returns: {@code with(name)} of the
 * ORM's queries, fixed on the method. Repeat it for several relations. The relation is planned
 * when the repository is created, so an unknown relation, a missing index or an unbounded
 * {@code many} relation fails startup.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(With.List.class)
public @interface With {

  /** The relation's name, as declared in the schema. */
  String value();

  /** The most related rows per parent; 0 for the related table's default limit. */
  int limit() default 0;

  /** Whether the relation may read without a per-parent bound (its transaction limits apply). */
  boolean allowFullScan() default false;

  /** Several {@link With} on one method. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {

    /** The relations. */
    With[] value();
  }
}
