package dev.betterconvex.orm.schema.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares a full-text search index on a string field of the annotated table. Repeatable. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(SearchIndexes.class)
public @interface SearchIndex {

  /** The index name, unique within the table across all index kinds. */
  String name();

  /** The string field whose text is indexed. */
  String searchField();

  /** The fields a search may filter on with equality (at most 16). */
  String[] filterFields() default {};
}
