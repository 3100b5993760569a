package dev.betterconvex.sample;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Sort;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Comments on the tasks the caller can see; the policies decide the rest, and auditing sets
 * each new comment's {@code ownerId}.
 */
@RestController
@RequestMapping("/tasks/{taskId}/comments")
class CommentController {

  private final ConvexOrm orm;
  private final ConvexMutations mutations;

  CommentController(ConvexOrm orm, ConvexMutations mutations) {
    this.orm = orm;
    this.mutations = mutations;
  }

  /** The body of {@code POST /tasks/{taskId}/comments}. */
  record NewComment(@Nullable String body) {
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Comment add(@PathVariable String taskId, @RequestBody NewComment body) {
    if (body.body() == null || body.body().isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "\"body\" is required");
    }
    Task task = visibleTask(taskId);
    return mutations.insert(Comment.class)
        .values(new Comment(null, null, task.orgId(), task.id(), body.body(), null))
        .returning()
        .execute()
        .rows().get(0);
  }

  /** The comments of a task, oldest first (at most 100). */
  @GetMapping
  List<Comment> list(@PathVariable String taskId) {
    Task task = visibleTask(taskId);
    return orm.query(Comment.class).where(eq("taskId", task.id()))
        .orderBy(Sort.asc("createdAt")).limit(100).findMany();
  }

  private Task visibleTask(String taskId) {
    return orm.query(Task.class).where(eq("_id", taskId)).findFirst().orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "No task with id " + taskId));
  }
}
