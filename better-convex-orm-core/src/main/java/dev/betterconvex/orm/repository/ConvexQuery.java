package dev.betterconvex.orm.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the query of a repository method instead of deriving it from the name: a filter
 * expression over the entity's properties with named parameters, and an order. It is parsed,
 * bound to the method's parameters and planned against the table's indexes when the repository
 * is created, with the checks of derived methods (an unindexed filter or order fails unless the
 * method is {@link AllowFullScan}); results, {@code Sort}, {@code Limit}, {@code Pageable},
 * {@code ScrollPosition} and projections work as for derived methods. A method returning
 * {@code long}/{@code int} counts the matches, one returning {@code boolean} says whether any
 * exists.
 *
 * <pre>{@code
 * @ConvexQuery(where = "author = :author and rating >= :min", orderBy = "rating desc")
 * List<Article> popularBy(String author, int min);
 * }</pre>
 *
 * <p>The expression: comparisons {@code =, !=, <, <=, >, >=} of a property path
 * ({@code address.city}) with a {@code :parameter} or a literal ({@code 'text'}, a number,
 * {@code true}, {@code false}, {@code null}); {@code in} and {@code not in} a parameter (a
 * collection or array) or a list {@code ('a', 'b')}; {@code between x and y}; {@code is null},
 * {@code is not null}; {@code like}, {@code not like}, {@code ilike}, {@code not ilike} a pattern;
 * {@code starts with}; combined with {@code and}, {@code or}, {@code not} and parentheses.
 * Keywords are case-insensitive. Every parameter is named (by {@code @Param}, or by its name
 * when compiled with {@code -parameters}) and every named parameter must be used.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface ConvexQuery {

  /** The filter expression; empty for none (every row, which needs {@link AllowFullScan}). */
  String where() default "";

  /** The order: comma-separated property paths, each optionally {@code asc} or {@code desc}. */
  String orderBy() default "";
}
