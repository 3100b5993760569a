package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.query.FindQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.query.FluentQuery;

/**
 * The fluent Query by Example API ({@code findBy(example, q -> q.sortBy(...).limit(5).all())}):
 * each step returns a new query; the terminal call plans the example as
 * {@link ExampleQueries} plans every example (an index must narrow it and serve the sort), and
 * {@code as(type)} applies an interface or DTO projection as query methods do. {@code project}
 * (choosing properties to read) is refused: a document is read whole, so it would change
 * nothing.
 *
 * @param <S> the probe's type
 * @param <R> the type of the results
 */
final class FluentExampleQuery<S, R> implements FluentQuery.FetchableFluentQuery<R> {

  private final ExampleQueries<? super S> examples;
  private final Example<S> example;
  private final Sort sort;
  private final int limit;
  private final ProjectionFactory factory;
  private final Function<Object, R> projection;

  @SuppressWarnings("unchecked")
  FluentExampleQuery(ExampleQueries<? super S> examples, Example<S> example,
      ProjectionFactory factory) {
    this(examples, example, Sort.unsorted(), 0, factory, row -> (R) row);
  }

  private FluentExampleQuery(ExampleQueries<? super S> examples, Example<S> example, Sort sort,
      int limit, ProjectionFactory factory, Function<Object, R> projection) {
    this.examples = examples;
    this.example = example;
    this.sort = sort;
    this.limit = limit;
    this.factory = factory;
    this.projection = projection;
  }

  @Override
  public FetchableFluentQuery<R> sortBy(Sort sort) {
    return new FluentExampleQuery<>(examples, example, this.sort.and(sort), limit, factory,
        projection);
  }

  @Override
  public FetchableFluentQuery<R> limit(int limit) {
    if (limit < 1) {
      throw new InvalidDataAccessApiUsageException(examples.description() + ": limit(" + limit
          + ") must be at least 1");
    }
    return new FluentExampleQuery<>(examples, example, sort, limit, factory, projection);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <P> FetchableFluentQuery<P> as(Class<P> resultType) {
    Projection projecting = Projection.of(resultType, examples.entity(), factory);
    Function<Object, P> next = projecting == null ? row -> (P) row
        : row -> (P) projecting.project(row);
    return new FluentExampleQuery<>(examples, example, sort, limit, factory, next);
  }

  @Override
  public FetchableFluentQuery<R> project(Collection<String> properties) {
    throw new InvalidDataAccessApiUsageException(examples.description() + ": project("
        + properties + ") is not supported: a document is read whole, so choosing properties "
        + "would change nothing; use as(Class) with an interface or DTO projection");
  }

  @Override
  public @Nullable R oneValue() {
    List<R> rows = read(query().limit(2));
    if (rows.size() > 1) {
      throw new IncorrectResultSizeDataAccessException(examples.description() + ": oneValue() "
          + "matched more than one row; use firstValue() or all()", 1, rows.size());
    }
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public @Nullable R firstValue() {
    List<R> rows = read(query().limit(1));
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public List<R> all() {
    return limit > 0 ? read(query().limit(limit))
        : ReadAll.rows(query(), examples.description(), "findBy(example, q -> q.page(...))")
            .stream().map(projection).toList();
  }

  /** The page {@code pageable} asks for, in its sort (or this query's), with the total. */
  @Override
  public Page<R> page(Pageable pageable) {
    Pageable sorted = pageable.isPaged() && pageable.getSort().isUnsorted() && sort.isSorted()
        ? PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), sort) : pageable;
    return examples.findAll(example, sorted).map(projection);
  }

  /**
   * One window of {@code limit} rows (the repository's default page size without a limit) from a
   * keyset position; only forward scrolling, as {@code findAll(ScrollPosition, ...)}.
   */
  @Override
  public Window<R> scroll(ScrollPosition position) {
    return query().scroll(position, limit > 0 ? limit : Paging.DEFAULT_PAGE_SIZE)
        .map(projection);
  }

  @Override
  public Stream<R> stream() {
    return all().stream();
  }

  @Override
  public long count() {
    return examples.count(example);
  }

  @Override
  public boolean exists() {
    return examples.exists(example);
  }

  private FindQuery<? extends Object> query() {
    return examples.query(example, sort);
  }

  private List<R> read(FindQuery<? extends Object> query) {
    return query.findMany().stream().map(projection).toList();
  }
}
