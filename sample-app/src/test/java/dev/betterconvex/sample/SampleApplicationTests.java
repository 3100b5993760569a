package dev.betterconvex.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Drives the sample's HTTP API over real HTTP, as three users of two organizations, on an
 * in-memory H2 database: row-level security decides what each one sees and may change.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:sample-tests;DB_CLOSE_DELAY=-1")
class SampleApplicationTests extends SampleHttpTests {

  record PageOf<T>(List<T> page, boolean isDone, String continueCursor) {
  }

  private static final ParameterizedTypeReference<PageOf<Task>> TASKS =
      new ParameterizedTypeReference<>() { };

  private static final ParameterizedTypeReference<PageOf<Project>> PROJECTS =
      new ParameterizedTypeReference<>() { };

  @Test
  void anonymousCallsAre401() {
    ResponseEntity<String> response = anonymous().get().uri("/projects").retrieve()
        .toEntity(String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void createsAProjectForTheCallerAndReadsItBack() {
    Instant before = Instant.now();
    ResponseEntity<Project> created = createProject("ada", "Website");

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Project project = created.getBody();
    assertThat(project).isNotNull();
    assertThat(project.id()).isNotBlank();
    assertThat(project.name()).isEqualTo("Website");
    assertThat(project.orgId()).isEqualTo("acme");
    assertThat(project.ownerId()).isEqualTo("ada");
    assertThat(project.createdAt()).isBetween(before.minusMillis(1), Instant.now().plusMillis(1));
    assertThat(created.getHeaders().getLocation()).hasToString("/projects/" + project.id());

    ResponseEntity<Project> read = as("bob").get().uri("/projects/{id}", project.id())
        .retrieve().toEntity(Project.class);
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read.getBody()).isEqualTo(project);
  }

  @Test
  void aProjectNeedsAName() {
    ResponseEntity<String> response = as("ada").post().uri("/projects")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", " "))
        .retrieve().toEntity(String.class);

    assertProblem(response, HttpStatus.BAD_REQUEST, "\\\"name\\\" is required");
  }

  @Test
  void eachTenantSeesOnlyItsOwnData() {
    Project acme = project("ada", "Acme roadmap");
    Project globex = project("cy", "Globex roadmap");
    addTask("ada", acme.id(), "Acme task");
    addTask("cy", globex.id(), "Globex task");

    assertThat(allProjects("ada")).extracting(Project::orgId).containsOnly("acme")
        .isNotEmpty();
    assertThat(allProjects("ada")).extracting(Project::id).contains(acme.id())
        .doesNotContain(globex.id());
    assertThat(allProjects("bob")).extracting(Project::id).contains(acme.id())
        .doesNotContain(globex.id());
    assertThat(allProjects("cy")).extracting(Project::orgId).containsOnly("globex");
    assertThat(allProjects("cy")).extracting(Project::id).contains(globex.id())
        .doesNotContain(acme.id());

    // Another tenant's project does not exist for cy, whatever the call.
    assertProblem(as("cy").get().uri("/projects/{id}", acme.id()).retrieve()
        .toEntity(String.class), HttpStatus.NOT_FOUND, "No project with id " + acme.id());
    assertProblem(as("cy").get().uri("/projects/{id}/tasks", acme.id()).retrieve()
        .toEntity(String.class), HttpStatus.NOT_FOUND, "No project with id " + acme.id());
    assertProblem(as("cy").post().uri("/projects/{id}/tasks", acme.id())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "Sneak in"))
        .retrieve().toEntity(String.class), HttpStatus.NOT_FOUND,
        "No project with id " + acme.id());
    assertThat(as("cy").delete().uri("/projects/{id}", acme.id()).retrieve().toBodilessEntity()
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("bob").get().uri("/projects/{id}/tasks", acme.id()).retrieve().body(TASKS)
        .page()).extracting(Task::title).containsExactly("Acme task");
    assertThat(countTasks(acme.id())).isEqualTo(1);
  }

  @Test
  void bobCannotChangeAdasProject() {
    Project project = project("ada", "Ada's");

    ResponseEntity<String> rename = as("bob").patch().uri("/projects/{id}", project.id())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Bob's now"))
        .retrieve().toEntity(String.class);
    assertProblem(rename, HttpStatus.FORBIDDEN, "Row-level security denies update of row "
        + project.id() + " in table \\\"projects\\\" for \\\"bob\\\"");
    assertThat(rename.getBody()).contains("\"table\":\"projects\"");

    ResponseEntity<String> delete = as("bob").delete().uri("/projects/{id}", project.id())
        .retrieve().toEntity(String.class);
    assertProblem(delete, HttpStatus.FORBIDDEN, "Row-level security denied delete");

    assertThat(as("ada").get().uri("/projects/{id}", project.id()).retrieve()
        .body(Project.class)).isEqualTo(project);

    Project renamed = as("ada").patch().uri("/projects/{id}", project.id())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Ada's, renamed"))
        .retrieve().body(Project.class);
    assertThat(renamed).isNotNull();
    assertThat(renamed.name()).isEqualTo("Ada's, renamed");
  }

  @Test
  void theCascadeIsGuardedByTheTasksPolicies() {
    Project project = project("ada", "Shared");
    Task adas = addTask("ada", project.id(), "Ada's task");
    Task bobs = addTask("bob", project.id(), "Bob's task");
    assertThat(bobs.ownerId()).isEqualTo("bob");
    assertThat(bobs.orgId()).isEqualTo("acme");

    ResponseEntity<String> delete = as("ada").delete().uri("/projects/{id}", project.id())
        .retrieve().toEntity(String.class);

    assertThat(delete.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(delete.getHeaders().getContentType())
        .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .isTrue());
    assertThat(delete.getBody()).contains("\"table\":\"tasks\"").contains("tasks");
    assertThat(as("ada").get().uri("/projects/{id}", project.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(as("ada").get().uri("/projects/{id}/tasks", project.id()).retrieve().body(TASKS)
        .page()).extracting(Task::id).containsExactly(bobs.id(), adas.id());
  }

  @Test
  void commentsCascadeTwoLevelsAndAreGuardedToo() {
    Project guarded = project("ada", "Commented");
    Task task = addTask("ada", guarded.id(), "Discuss");
    addComment("ada", task.id(), "mine");
    addComment("bob", task.id(), "bob's");
    ResponseEntity<String> denied = as("ada").delete().uri("/projects/{id}", guarded.id())
        .retrieve().toEntity(String.class);
    assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(denied.getBody()).contains("\"table\":\"comments\"");
    assertThat(as("cy").get().uri("/tasks/{id}/comments", task.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("bob").get().uri("/tasks/{id}/comments", task.id()).retrieve()
        .body(Comment[].class)).extracting(Comment::body).containsExactly("mine", "bob's");

    Project alone = project("ada", "Solo");
    Task solo = addTask("ada", alone.id(), "Think");
    addComment("ada", solo.id(), "note to self");
    assertThat(as("ada").delete().uri("/projects/{id}", alone.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    Long left = engine.query(db -> (long) db.query("comments")
        .withIndex("by_task", r -> r.eq("taskId", solo.id())).collect().size());
    assertThat(left).isZero();
  }

  @Test
  void deletingAProjectDeletesItsTasks() {
    Project project = project("ada", "Short-lived");
    addTask("ada", project.id(), "One");
    addTask("ada", project.id(), "Two");
    assertThat(countTasks(project.id())).isEqualTo(2);

    assertThat(as("ada").delete().uri("/projects/{id}", project.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(countTasks(project.id())).isZero();
    Boolean stillThere = engine.query(db -> db.get("projects", project.id()).isPresent());
    assertThat(stillThere).isFalse();
    assertThat(as("ada").get().uri("/projects/{id}", project.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("ada").delete().uri("/projects/{id}", project.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void tasksPageToTheEndWithContinueCursor() {
    Project project = project("bob", "Paged");
    List<String> created = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      created.add(0, addTask("bob", project.id(), "Task " + i).id());
    }

    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    PageOf<Task> page;
    do {
      page = as("ada").get().uri("/projects/{id}/tasks?size=3&cursor={c}", project.id(), cursor)
          .retrieve().body(TASKS);
      assertThat(page).isNotNull();
      assertThat(page.page().size()).isLessThanOrEqualTo(3);
      page.page().forEach(task -> seen.add(task.id()));
      cursor = page.continueCursor();
      pages++;
    } while (!page.isDone() && pages < 10);

    assertThat(page.isDone()).isTrue();
    assertThat(pages).isBetween(3, 4);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void projectsPageNewestFirstWithinTheTenant() {
    List<String> created = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      created.add(0, project("cy", "Globex " + i).id());
    }
    List<Project> all = allProjects("cy");
    assertThat(all).extracting(Project::createdAt)
        .isSortedAccordingTo(Comparator.nullsLast(Comparator.<Instant>reverseOrder()));
    assertThat(all.subList(0, 4)).extracting(Project::id).containsExactlyElementsOf(created);
  }

  @Test
  void aCursorOfAnotherListIs400() {
    Project project = project("ada", "Cursor");
    addTask("ada", project.id(), "A");
    addTask("ada", project.id(), "B");
    String taskCursor = as("ada").get().uri("/projects/{id}/tasks?size=1", project.id())
        .retrieve().body(TASKS).continueCursor();

    assertThat(as("ada").get().uri("/projects?cursor={c}", taskCursor).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aMalformedIdIsNoProject() {
    assertProblem(as("ada").get().uri("/projects/not-an-id").retrieve().toEntity(String.class),
        HttpStatus.NOT_FOUND, "No project with id not-an-id");
    assertProblem(as("ada").post().uri("/projects/not-an-id/tasks")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "Lost"))
        .retrieve().toEntity(String.class), HttpStatus.NOT_FOUND, "No project with id not-an-id");
    assertProblem(as("ada").delete().uri("/projects/not-an-id").retrieve()
        .toEntity(String.class), HttpStatus.NOT_FOUND, "No project with id not-an-id");
  }

  @Test
  void aPageSizeOutOfRangeIs400() {
    assertProblem(as("ada").get().uri("/projects?size=0").retrieve().toEntity(String.class),
        HttpStatus.BAD_REQUEST, "\\\"size\\\" must be between 1 and 100");
  }

  /** Every project the user sees, walking the pages of {@code GET /projects}. */
  private List<Project> allProjects(String user) {
    List<Project> all = new ArrayList<>();
    String cursor = "";
    PageOf<Project> page;
    do {
      page = as(user).get().uri("/projects?size=2&cursor={c}", cursor).retrieve()
          .body(PROJECTS);
      assertThat(page).isNotNull();
      all.addAll(page.page());
      cursor = page.continueCursor();
    } while (!page.isDone());
    return all;
  }

  private long countTasks(String projectId) {
    return engine.query(db -> db.query("tasks")
        .withIndex("by_project", r -> r.eq("projectId", projectId)).collect().size());
  }

  private ResponseEntity<Project> createProject(String user, String name) {
    return as(user).post().uri("/projects")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name))
        .retrieve().toEntity(Project.class);
  }

  private Project project(String user, String name) {
    ResponseEntity<Project> created = createProject(user, name);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).isNotNull();
    return created.getBody();
  }

  private Task addTask(String user, String projectId, String title) {
    ResponseEntity<Task> created = as(user).post().uri("/projects/{id}/tasks", projectId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", title))
        .retrieve().toEntity(Task.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).isNotNull();
    return created.getBody();
  }

  private Comment addComment(String user, String taskId, String body) {
    ResponseEntity<Comment> created = as(user).post().uri("/tasks/{id}/comments", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("body", body))
        .retrieve().toEntity(Comment.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).isNotNull();
    return created.getBody();
  }

}
