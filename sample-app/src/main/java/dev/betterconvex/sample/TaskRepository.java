package dev.betterconvex.sample;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/**
 * The tasks; the starter checks at startup that {@code by_project} serves the query method. Query
 * methods run the ORM's queries, so the row-level security policies apply to them, as they do
 * to the inherited CRUD methods.
 */
interface TaskRepository extends BetterConvexRepository<Task> {

  /** The tasks of a project, newest first, one window at a time. */
  Window<Task> findByProjectIdOrderByCreatedAtDesc(String projectId, ScrollPosition position,
      Limit limit);
}
