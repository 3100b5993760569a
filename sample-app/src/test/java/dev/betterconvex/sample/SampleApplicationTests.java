package dev.betterconvex.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.store.ConvexEngine;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Drives the sample's HTTP API over real HTTP, on an in-memory H2 database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:sample-tests;DB_CLOSE_DELAY=-1")
class SampleApplicationTests {

  private static final ParameterizedTypeReference<List<Task>> TASKS =
      new ParameterizedTypeReference<>() { };

  private static final ParameterizedTypeReference<List<Project>> PROJECTS =
      new ParameterizedTypeReference<>() { };

  @LocalServerPort
  int port;

  @Autowired
  ConvexEngine engine;

  RestClient http;

  @BeforeEach
  void client() {
    http = RestClient.builder()
        .baseUrl("http://localhost:" + port)
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
        .build();
  }

  @Test
  void createsAProjectAndReadsItBack() {
    double before = System.currentTimeMillis();
    ResponseEntity<Project> created = createProject("Website", "acme");

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Project project = created.getBody();
    assertThat(project).isNotNull();
    assertThat(project.id()).isNotBlank();
    assertThat(project.name()).isEqualTo("Website");
    assertThat(project.orgId()).isEqualTo("acme");
    assertThat(project.createdAt()).isBetween(before - 1, System.currentTimeMillis() + 1.0);
    assertThat(created.getHeaders().getLocation()).hasToString("/projects/" + project.id());

    ResponseEntity<Project> read = http.get().uri("/projects/{id}", project.id())
        .retrieve().toEntity(Project.class);
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read.getBody()).isEqualTo(project);
  }

  @Test
  void aProjectWithoutOrganizationHasNone() {
    ResponseEntity<Project> created = http.post().uri("/projects")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Solo"))
        .retrieve().toEntity(Project.class);

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).isNotNull();
    assertThat(created.getBody().orgId()).isNull();
  }

  @Test
  void aProjectNeedsAName() {
    ResponseEntity<String> response = http.post().uri("/projects")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", " ", "orgId", "acme"))
        .retrieve().toEntity(String.class);

    assertProblem(response, HttpStatus.BAD_REQUEST, "\\\"name\\\" is required");
  }

  @Test
  void aProjectThatDoesNotExistIs404() {
    String deleted = engine.mutation(db -> {
      String id = db.insert("projects", Map.of("name", "Gone"));
      db.delete(id);
      return id;
    });

    assertProblem(http.get().uri("/projects/{id}", deleted).retrieve().toEntity(String.class),
        HttpStatus.NOT_FOUND, "No project with id " + deleted);
    assertProblem(http.get().uri("/projects/{id}/tasks", deleted).retrieve()
        .toEntity(String.class), HttpStatus.NOT_FOUND, "No project with id " + deleted);
    assertProblem(http.post().uri("/projects/{id}/tasks", deleted)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "Orphan"))
        .retrieve().toEntity(String.class), HttpStatus.NOT_FOUND, "No project with id " + deleted);
  }

  @Test
  void theIdOfATaskIsNoProject() {
    Project project = createProject("Docs", "acme").getBody();
    assertThat(project).isNotNull();
    Task task = addTask(project.id(), "Write").getBody();
    assertThat(task).isNotNull();

    assertProblem(http.get().uri("/projects/{id}", task.id()).retrieve().toEntity(String.class),
        HttpStatus.NOT_FOUND, "No project with id " + task.id());
  }

  @Test
  void aMalformedIdIs400() {
    assertProblem(http.get().uri("/projects/not-an-id").retrieve().toEntity(String.class),
        HttpStatus.BAD_REQUEST, "Invalid id \\\"not-an-id\\\"");
    assertProblem(http.get().uri("/projects/not-an-id/tasks").retrieve().toEntity(String.class),
        HttpStatus.BAD_REQUEST, "Invalid id \\\"not-an-id\\\"");
    assertProblem(http.post().uri("/projects/not-an-id/tasks")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "Lost"))
        .retrieve().toEntity(String.class), HttpStatus.BAD_REQUEST, "Invalid id \\\"not-an-id\\\"");
  }

  @Test
  void addsTasksAndListsThemNewestFirst() {
    Project project = createProject("Release", "acme").getBody();
    Project other = createProject("Other", "acme").getBody();
    assertThat(project).isNotNull();
    assertThat(other).isNotNull();

    ResponseEntity<Task> first = addTask(project.id(), "Plan");
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getBody()).isNotNull();
    assertThat(first.getBody().projectId()).isEqualTo(project.id());
    assertThat(first.getBody().title()).isEqualTo("Plan");
    assertThat(first.getBody().done()).isFalse();
    addTask(other.id(), "Elsewhere");
    addTask(project.id(), "Build");
    addTask(project.id(), "Ship");

    ResponseEntity<List<Task>> listed = http.get().uri("/projects/{id}/tasks", project.id())
        .retrieve().toEntity(TASKS);

    assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Task> tasks = listed.getBody();
    assertThat(tasks).extracting(Task::title).containsExactly("Ship", "Build", "Plan");
    assertThat(tasks).extracting(Task::projectId).containsOnly(project.id());
    assertThat(tasks).extracting(Task::createdAt).isSortedAccordingTo((a, b) -> Double.compare(b, a))
        .doesNotHaveDuplicates();
    assertThat(tasks.get(2)).isEqualTo(first.getBody());
  }

  @Test
  void aNewProjectHasNoTasks() {
    Project project = createProject("Empty", "acme").getBody();
    assertThat(project).isNotNull();

    assertThat(http.get().uri("/projects/{id}/tasks", project.id()).retrieve().body(TASKS))
        .isEmpty();
  }

  @Test
  void listsTheProjectsOfAnOrganizationNewestFirst() {
    String org = "org-" + UUID.randomUUID();
    Project older = createProject("Older", org).getBody();
    createProject("Elsewhere", org + "-other");
    Project newer = createProject("Newer", org).getBody();

    assertThat(http.get().uri("/projects?orgId={org}", org).retrieve().body(PROJECTS))
        .containsExactly(newer, older);
  }

  private ResponseEntity<Project> createProject(String name, String orgId) {
    return http.post().uri("/projects")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name, "orgId", orgId))
        .retrieve().toEntity(Project.class);
  }

  private ResponseEntity<Task> addTask(String projectId, String title) {
    return http.post().uri("/projects/{id}/tasks", projectId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", title))
        .retrieve().toEntity(Task.class);
  }

  private static void assertProblem(ResponseEntity<String> response, HttpStatus status,
      String detail) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .isTrue());
    assertThat(response.getBody()).contains("\"detail\":\"" + detail);
  }
}
