package dev.betterconvex.sample;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.value.InvalidIdException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The HTTP API of projects and their tasks; every read and write goes through the engine. */
@RestController
@RequestMapping("/projects")
class ProjectController {

  /** The most documents a list returns. */
  static final int LIST_LIMIT = 100;

  private final ConvexEngine engine;

  ProjectController(ConvexEngine engine) {
    this.engine = engine;
  }

  /** The body of {@code POST /projects}. */
  record NewProject(@Nullable String name, @Nullable String orgId) {
  }

  /** The body of {@code POST /projects/{id}/tasks}. */
  record NewTask(@Nullable String title) {
  }

  @PostMapping
  ResponseEntity<Project> create(@RequestBody NewProject body) {
    String name = required("name", body.name());
    String orgId = body.orgId();
    Map<String, Object> fields = orgId == null
        ? Map.of("name", name)
        : Map.of("name", name, "orgId", orgId);
    Project project = engine.mutation(db ->
        Project.from(db.get(db.insert("projects", fields)).orElseThrow()));
    return ResponseEntity.created(URI.create("/projects/" + project.id())).body(project);
  }

  @GetMapping("/{id}")
  Project get(@PathVariable String id) {
    return engine.query(db -> findProject(db, id)).orElseThrow(() -> noProject(id));
  }

  /** The projects of one organization, newest first. */
  @GetMapping
  List<Project> byOrg(@RequestParam String orgId) {
    return engine.query(db -> db.query("projects")
        .withIndex("by_org", r -> r.eq("orgId", orgId))
        .order(Order.DESC)
        .take(LIST_LIMIT)
        .stream().map(Project::from).toList());
  }

  @PostMapping("/{id}/tasks")
  @ResponseStatus(HttpStatus.CREATED)
  Task addTask(@PathVariable String id, @RequestBody NewTask body) {
    String title = required("title", body.title());
    return engine.mutation(db -> findProject(db, id).map(project -> {
      String taskId = db.insert("tasks",
          Map.of("projectId", project.id(), "title", title, "done", false));
      return Task.from(db.get(taskId).orElseThrow());
    })).orElseThrow(() -> noProject(id));
  }

  /** The tasks of a project, newest first, read from the {@code by_project} index. */
  @GetMapping("/{id}/tasks")
  List<Task> tasks(@PathVariable String id) {
    return engine.query(db -> findProject(db, id).map(project -> db.query("tasks")
        .withIndex("by_project", r -> r.eq("projectId", project.id()))
        .order(Order.DESC)
        .take(LIST_LIMIT)
        .stream().map(Task::from).toList()))
        .orElseThrow(() -> noProject(id));
  }

  /** A malformed id is the client's mistake: 400 with the engine's reason. */
  @ExceptionHandler(InvalidIdException.class)
  ProblemDetail invalidId(InvalidIdException ex) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
  }

  /** Reads a project; empty when there is none or when the id belongs to another table. */
  private static Optional<Project> findProject(DatabaseReader db, String id) {
    return db.get("projects", id).map(Project::from);
  }

  private static String required(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "\"" + field + "\" is required");
    }
    return value;
  }

  private static ResponseStatusException noProject(String id) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "No project with id " + id);
  }
}
