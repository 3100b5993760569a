package dev.betterconvex.orm.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a repository method a text search of one search index of its table
 * ({@code withSearchIndex}, see docs/search.md): the first parameter is the text searched in
 * the index's search field, each further parameter the value of one of {@link #filters}, in
 * order; a trailing {@code Limit} bounds the results (at most 1,024 in any case). It returns the
 * entities in relevance order ({@code List}, {@code Collection} or {@code Iterable}), or a
 * {@code SearchResults} of them, each with its BM25 score as a {@code Score}. The index, the
 * filter fields, the parameters and the return type are checked when the repository is created.
 *
 * <pre>{@code
 * @SearchQuery(index = "search_body", filters = "authorId")
 * List<Post> searchBody(String text, String authorId);
 *
 * @SearchQuery(index = "search_body")
 * SearchResults<Post> rankBody(String text, Limit limit);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface SearchQuery {

  /** The search index of the repository's table. */
  String index();

  /**
   * The filter fields of the index (entity properties or document fields) that the parameters
   * after the text must equal, in order.
   */
  String[] filters() default {};
}
