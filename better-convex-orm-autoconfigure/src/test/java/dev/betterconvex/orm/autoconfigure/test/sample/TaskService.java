package dev.betterconvex.orm.autoconfigure.test.sample;

import org.springframework.stereotype.Service;

/** A component a {@code @BetterConvexTest} leaves out unless its include filters name it. */
@Service
public class TaskService {

  private final TaskRepository tasks;

  public TaskService(TaskRepository tasks) {
    this.tasks = tasks;
  }

  public Task open(String project, String title) {
    return tasks.save(Task.of(project, title));
  }
}
