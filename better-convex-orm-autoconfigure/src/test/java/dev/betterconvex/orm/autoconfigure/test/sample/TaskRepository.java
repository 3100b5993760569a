package dev.betterconvex.orm.autoconfigure.test.sample;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.List;
import org.springframework.data.domain.Limit;

public interface TaskRepository extends BetterConvexRepository<Task> {

  List<Task> findByProject(String project, Limit limit);

  long countByProject(String project);
}
