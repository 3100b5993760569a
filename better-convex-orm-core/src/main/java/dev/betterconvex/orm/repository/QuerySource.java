package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.repository.query.ParametersParameterAccessor;

/**
 * Where a repository query method's filter, order and subject come from: the method name
 * ({@link DerivedSource}) or a {@link ConvexQuery} declaration ({@link DeclaredSource}). It
 * builds the filter of each call, the placeholder filter the startup plan uses, and the
 * conditions the startup checks explain a refused plan with.
 */
interface QuerySource {

  /** What a method does with its matches. */
  enum Subject {
    FIND, UNIQUE, COUNT, EXISTS, DELETE
  }

  Subject subject();

  /** {@code First}/{@code Top} of the name, or null. */
  @Nullable Integer maxResults();

  /** The order of the method itself, before any {@code Sort} argument. */
  List<Sort> order();

  /** Whether the method has any condition. */
  boolean hasPredicate();

  /** The filter of one call; null when the method has no condition. */
  @Nullable Filter filter(ParametersParameterAccessor accessor);

  /** The filter with placeholder arguments, to plan the method at startup. */
  @Nullable Filter placeholderFilter();

  /** The conditions, as branches of an {@code Or}, for the startup checks and their messages. */
  PartTreeFilter conditions();
}
