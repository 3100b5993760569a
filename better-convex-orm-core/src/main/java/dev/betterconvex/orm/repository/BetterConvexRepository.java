package dev.betterconvex.orm.repository;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.NoRepositoryBean;

/**
 * A Spring Data repository of one table entity, identified by its Convex {@code _id}. Extend it
 * to declare a repository; its derived query methods are planned against the table's indexes
 * when the repository is created, and a method no index serves fails startup unless it is
 * annotated {@link AllowFullScan}. Reads without a limit follow the ORM's sizing policy: they
 * need a default limit on the table ({@code @Table(defaultLimit = ...)}).
 *
 * @param <T> the entity type, annotated {@code @Table} with an {@code @Id String} property
 */
@NoRepositoryBean
public interface BetterConvexRepository<T> extends ListCrudRepository<T, String> {

  /**
   * Returns the entities in {@code sort} order, up to the table's default limit.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when the table has no default
   *     limit, or no index serves the order
   */
  List<T> findAll(Sort sort);

  /**
   * Returns at most {@code limit} entities, newest first; {@link Limit#unlimited()} means the
   * table's default limit.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when unlimited and the table has
   *     no default limit
   */
  List<T> findAll(Limit limit);

  /**
   * Returns at most {@code limit} entities in {@code sort} order.
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException when unlimited and the table has
   *     no default limit, or no index serves the order
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
