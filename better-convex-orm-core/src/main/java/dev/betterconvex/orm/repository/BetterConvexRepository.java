package dev.betterconvex.orm.repository;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.query.ListQueryByExampleExecutor;

/**
 * A Spring Data repository of one table entity, identified by its Convex {@code _id}. Extend it
 * to declare a repository; its derived query methods are planned against the table's indexes
 * when the repository is created, and a method no index serves fails startup unless it is
 * annotated {@link AllowFullScan}. Reads without a limit return every match, within the
 * transaction limits, or fail naming the limit and how to page; they never truncate.
 *
 * @param <T> the entity type, annotated {@code @Table} with an {@code @Id String} property
 */
@NoRepositoryBean
public interface BetterConvexRepository<T> extends ListCrudRepository<T, String>,
    ListPagingAndSortingRepository<T, String>, ListQueryByExampleExecutor<T> {

  /**
   * Returns every entity in {@code sort} order, within the transaction limits.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when no index serves the order
   */
  @Override
  List<T> findAll(Sort sort);

  /**
   * Returns the page {@code pageable} asks for, read by offset, with the table's total count in
   * the same snapshot; the skipped rows and the counted rows are read, within the transaction
   * limits.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when no index serves the order
   */
  @Override
  Page<T> findAll(Pageable pageable);

  /**
   * Returns at most {@code limit} entities, newest first; {@link Limit#unlimited()} returns
   * every entity, as {@link #findAll()} does.
   */
  List<T> findAll(Limit limit);

  /**
   * Returns at most {@code limit} entities in {@code sort} order.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when no index serves the order
   */
  List<T> findAll(Sort sort, Limit limit);

  /**
   * Returns the window of at most {@code limit} entities at {@code position}, newest first:
   * start with {@code ScrollPosition.keyset()}, continue with
   * {@code window.positionAt(window.size() - 1)}; {@link Limit#unlimited()} means the default
   * page size.
   *
   * @throws org.springframework.dao.InvalidDataAccessApiUsageException for an offset or
   *     backward position
   */
  Window<T> findAll(ScrollPosition position, Limit limit);

  /**
   * Returns the window of at most {@code limit} entities at {@code position} in {@code sort}
   * order; a position continues only the same sort.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when no index serves the order
   * @throws org.springframework.dao.InvalidDataAccessApiUsageException for an offset or
   *     backward position
   */
  Window<T> findAll(Sort sort, ScrollPosition position, Limit limit);
}
