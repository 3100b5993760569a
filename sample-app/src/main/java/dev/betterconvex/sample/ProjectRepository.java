package dev.betterconvex.sample;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.Optional;

/**
 * The projects; created by the starter, planned against the indexes of {@link Project}.
 *
 * <p>Query methods and the inherited CRUD methods run the ORM's queries and mutations, which
 * apply the row-level security policies; {@code save} also checks the {@code @Version}, audits
 * and validates the project.
 */
interface ProjectRepository extends BetterConvexRepository<Project> {

  /** The project with this id, if the caller may see it (empty for a malformed id). */
  Optional<Project> findUniqueById(String id);
}
