package dev.betterconvex.sample;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.security.RowLevelSecurityException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The HTTP API of projects and their tasks, for the signed-in user. Every read and write goes
 * through the ORM (query methods of the repositories, {@link ConvexOrm} queries,
 * {@link ConvexMutations}), which enforces the {@link Policies}: the controller never filters by
 * organization or owner for security, it only sets the organization of new rows (auditing sets
 * their owner, see {@link AuditingConfiguration}). The starter's opt-in problem details
 * ({@code better-convex.orm.web.problem-details.enabled}) turn the engine's exceptions into 4xx
 * problems: a stale {@code version} is 409, a Jakarta Validation violation 400.
 */
@RestController
@RequestMapping("/projects")
class ProjectController {

  /** The page size when {@code size} is not given, and the largest one accepted. */
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  private final ProjectRepository projects;
  private final TaskRepository tasks;
  private final ConvexOrm orm;
  private final ConvexMutations mutations;
  private final Tenants tenants;

  ProjectController(ProjectRepository projects, TaskRepository tasks, ConvexOrm orm,
      ConvexMutations mutations, Tenants tenants) {
    this.projects = projects;
    this.tasks = tasks;
    this.orm = orm;
    this.mutations = mutations;
    this.tenants = tenants;
  }

  /**
   * The body of {@code POST /projects} and {@code PATCH /projects/{id}}. A rename should send
   * the {@code version} it read: when another write changed the project since, the rename fails
   * with 409 instead of overwriting it. Without one, the rename applies to the current version.
   */
  record ProjectBody(@Nullable String name, @Nullable Long version) {
  }

  /** The body of {@code POST /projects/{id}/tasks}. */
  record NewTask(@Nullable String title) {
  }

  /** One page of a list, with Convex's fields: pass {@code continueCursor} back as
   * {@code cursor} until {@code isDone}. */
  record PageOf<T>(List<T> page, boolean isDone, String continueCursor) {
  }

  @PostMapping
  ResponseEntity<Project> create(@RequestBody ProjectBody body, Authentication user) {
    String name = required("name", body.name());
    Project project = mutations.insert(Project.class)
        .values(Project.create(orgOf(user), name))
        .returning()
        .execute()
        .rows().get(0);
    return ResponseEntity.created(URI.create("/projects/" + project.id())).body(project);
  }

  /** The projects of the caller's organization, newest first, read through {@code by_org}. */
  @GetMapping
  PageOf<Project> list(@RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size, Authentication user) {
    PaginationResult<Project> page = orm.query(Project.class)
        .where(eq("orgId", orgOf(user)))
        .orderBy(Sort.desc("_creationTime"))
        .paginate(PaginationOptions.first(checkSize(size)).after(blankToNull(cursor)));
    return new PageOf<>(page.page(), page.isDone(), page.continueCursor());
  }

  @GetMapping("/{id}")
  Project get(@PathVariable String id) {
    return visibleProject(id);
  }

  /**
   * Renames a project through the repository's {@code save}, which checks the {@code @Version}
   * (a stale one is 409), audits the write and applies the policies: only its owner may (403).
   */
  @PatchMapping("/{id}")
  Project rename(@PathVariable String id, @RequestBody ProjectBody body) {
    String name = required("name", body.name());
    Project project = visibleProject(id);
    long version = body.version() == null ? project.version() : body.version();
    return projects.save(project.renamed(name, version));
  }

  /**
   * Deletes a project and, by the cascade, its tasks: all or nothing. A task the caller may not
   * delete makes the whole delete fail with a {@link RowLevelSecurityException} (403).
   */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    int deleted = mutations.delete(Project.class).where(eq("_id", id)).execute().affected();
    if (deleted == 0) {
      throw nothingChanged(id, "delete");
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/tasks")
  @ResponseStatus(HttpStatus.CREATED)
  Task addTask(@PathVariable String id, @RequestBody NewTask body) {
    String title = required("title", body.title());
    Project project = visibleProject(id);
    return mutations.insert(Task.class)
        .values(Task.create(project, title))
        .returning()
        .execute()
        .rows().get(0);
  }

  /** The tasks of a project, newest first, through the repository's {@code Window} method. */
  @GetMapping("/{id}/tasks")
  PageOf<Task> tasks(@PathVariable String id,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
    Project project = visibleProject(id);
    String after = blankToNull(cursor);
    ScrollPosition position = after == null
        ? ScrollPosition.keyset()
        : ScrollPosition.forward(Map.of("cursor", after));
    Window<Task> window = tasks.findByProjectIdOrderByCreatedAtDesc(project.id(), position,
        Limit.of(checkSize(size)));
    String next = after == null ? "" : after;
    if (!window.isEmpty()) {
      KeysetScrollPosition last = (KeysetScrollPosition) window.positionAt(window.size() - 1);
      next = String.valueOf(last.getKeys().get("cursor"));
    }
    return new PageOf<>(window.getContent(), !window.hasNext(), next);
  }

  /** Reads a project the caller may see; 404 otherwise (also for a malformed id). */
  private Project visibleProject(String id) {
    return projects.findUniqueById(id).orElseThrow(() -> noProject(id));
  }

  /**
   * Why a delete changed nothing: the row is visible but not the caller's (403, as the policy
   * {@code owner writes} skipped it), or the caller sees no such project (404).
   */
  private RuntimeException nothingChanged(String id, String operation) {
    if (projects.findUniqueById(id).isPresent()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
          "Row-level security denied " + operation + " of project " + id
              + " on table \"projects\": only its owner may");
      problem.setProperty("table", "projects");
      problem.setProperty("operation", operation.toUpperCase(java.util.Locale.ROOT));
      return new org.springframework.web.ErrorResponseException(HttpStatus.FORBIDDEN, problem,
          null);
    }
    return noProject(id);
  }

  private String orgOf(Authentication user) {
    String org = tenants.orgOf(user.getName());
    if (org == null) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "User " + user.getName() + " belongs to no organization");
    }
    return org;
  }

  private static int checkSize(int size) {
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "\"size\" must be between 1 and " + MAX_PAGE_SIZE);
    }
    return size;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
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
