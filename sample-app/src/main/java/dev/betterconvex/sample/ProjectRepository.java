package dev.betterconvex.sample;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.Optional;

/**
 * The projects; created by the starter, planned against the indexes of {@link Project}.
 *
 * <p>The sample reads through query methods only: they run the ORM's queries, which apply the
 * row-level security policies. The inherited CRUD methods ({@code save}, {@code findById},
 * {@code deleteById}, ...) work on the engine directly and do not apply them yet.
 */
interface ProjectRepository extends BetterConvexRepository<Project> {

  /** The project with this id, if the caller may see it (empty for a malformed id). */
  Optional<Project> findUniqueById(String id);
}
