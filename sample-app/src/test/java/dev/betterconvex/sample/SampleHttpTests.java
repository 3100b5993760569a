package dev.betterconvex.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.DocumentLimits;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * What the sample answers over real HTTP on every database it runs on (the subclasses choose
 * one): bad input is a 4xx problem naming the table and field, never a 500; a stale
 * {@code version} is 409, a validation violation 400 naming the property; auditing fills the
 * owner and JSON shows ISO-8601 instants.
 */
abstract class SampleHttpTests {

  @LocalServerPort
  int port;

  /** The low-level engine: not subject to row-level security, so it sees the truth. */
  @Autowired
  ConvexEngine engine;

  /** The session cookie of each user, set by the first request it signs in with. */
  private final Map<String, String> sessions = new ConcurrentHashMap<>();

  /**
   * A client signed in as {@code user} (the password is the name) that never throws on 4xx/5xx:
   * it sends HTTP Basic credentials until the sample answers with a session cookie, then only
   * the cookie, as a browser or a real client would.
   */
  RestClient as(String user) {
    return client().requestInterceptor((request, body, execution) -> {
      String session = sessions.get(user);
      if (session != null) {
        request.getHeaders().add(HttpHeaders.COOKIE, session);
      }
      else {
        request.getHeaders().setBasicAuth(user, user);
      }
      ClientHttpResponse response = execution.execute(request, body);
      for (String cookie : response.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE)) {
        if (cookie.startsWith("JSESSIONID=")) {
          sessions.put(user, cookie.substring(0, cookie.indexOf(';')));
        }
      }
      return response;
    }).build();
  }

  /** The session cookie {@code user} signs in with, after one request. */
  String sessionOf(String user) {
    as(user).get().uri("/projects").retrieve().toBodilessEntity();
    return sessions.get(user);
  }

  /** A client without a user. */
  RestClient anonymous() {
    return client().build();
  }

  private RestClient.Builder client() {
    return RestClient.builder()
        .baseUrl("http://localhost:" + port)
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { });
  }

  static void assertProblem(ResponseEntity<String> response, HttpStatus status, String detail) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .isTrue());
    assertThat(response.getBody()).contains("\"detail\":\"" + detail);
  }

  /** Posts a project as ada (organization {@code acme}) with the raw JSON body {@code json}. */
  private ResponseEntity<String> postProject(String json) {
    return as("ada").post().uri("/projects").contentType(MediaType.APPLICATION_JSON).body(json)
        .retrieve().toEntity(String.class);
  }

  /**
   * A project name that makes ada's project {@code size} bytes as Convex measures it: the
   * object (2), {@code _id} (4 + 2 + 32), {@code _creationTime} (14 + 9), {@code version}
   * (8 + 9), {@code orgId} "acme" (6 + 6), {@code ownerId} "ada" (8 + 5), {@code updatedAt}
   * (10 + 2 + 30), {@code updatedBy} "ada" (10 + 5) and {@code name} (5 + 2 + the name).
   */
  private static String nameFor(long size) {
    return "n".repeat((int) (size - 2 - 38 - 23 - 17 - 12 - 13 - 42 - 15 - 7));
  }

  @Test
  void aClientSignsInOnceAndIsThenKnownByItsSessionCookie() {
    String session = sessionOf("ada");
    assertThat(session).startsWith("JSESSIONID=");

    ResponseEntity<String> byCookie = anonymous().get().uri("/projects")
        .header(HttpHeaders.COOKIE, session).retrieve().toEntity(String.class);
    assertThat(byCookie.getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> forged = anonymous().get().uri("/projects")
        .header(HttpHeaders.COOKIE, "JSESSIONID=forged").retrieve().toEntity(String.class);
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> wrongPassword = client().build().get().uri("/projects")
        .headers(headers -> headers.setBasicAuth("ada", "bob")).retrieve()
        .toEntity(String.class);
    assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anUnpairedSurrogateIs400NamingTableAndField() {
    ResponseEntity<String> response = postProject("{\"name\":\"bad \\ud800 name\"}");

    assertProblem(response, HttpStatus.BAD_REQUEST, "Field \\\"name\\\" of table "
        + "\\\"projects\\\" holds a value Convex cannot store: Convex strings must be valid "
        + "Unicode, found an unpaired surrogate U+D800 at index 4");
    assertThat(response.getBody()).contains("\"table\":\"projects\"", "\"field\":\"name\"");
  }

  @Test
  void aDocumentOverTheLimitIs413() {
    ResponseEntity<String> response = postProject(
        "{\"name\":\"" + nameFor(DocumentLimits.MAX_DOCUMENT_SIZE + 1) + "\"}");

    assertProblem(response, HttpStatus.CONTENT_TOO_LARGE,
        "Document in table \\\"projects\\\" is 1048577 bytes");
    assertThat(response.getBody()).contains("\"size\":1048577", "\"limit\":1048576");
  }

  @Test
  void aDocumentOfExactlyTheLimitIsCreatedAndReadBack() {
    String name = nameFor(DocumentLimits.MAX_DOCUMENT_SIZE);
    ResponseEntity<Project> created = as("ada").post().uri("/projects")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name))
        .retrieve().toEntity(Project.class);

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).isNotNull();
    String id = created.getBody().id();
    Document stored = engine.query(db -> db.get(id).orElseThrow());
    assertThat(DocumentLimits.size(stored.toObject())).isEqualTo(DocumentLimits.MAX_DOCUMENT_SIZE);
    Project read = as("bob").get().uri("/projects/{id}", id).retrieve().body(Project.class);
    assertThat(read).isNotNull();
    assertThat(read.name()).isEqualTo(name);
  }

  /** Renames a project as {@code user}, sending the {@code version} the client read. */
  ResponseEntity<String> rename(String user, String id, String name, long version) {
    return as(user).patch().uri("/projects/{id}", id).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("name", name, "version", version)).retrieve().toEntity(String.class);
  }

  @Test
  void auditingFillsTheOwnerAndTheJsonShowsIsoInstants() {
    Instant before = Instant.now();
    ResponseEntity<String> created = postProject("{\"name\":\"Audited\"}");
    Instant after = Instant.now();

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).containsPattern(
        "\"createdAt\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z\"")
        .containsPattern("\"updatedAt\":\"\\d{4}-\\d{2}-\\d{2}T[^\"]+Z\"")
        .contains("\"version\":0", "\"ownerId\":\"ada\"", "\"updatedBy\":\"ada\"")
        .doesNotContainPattern("\"createdAt\":\\d");
    Project project = as("ada").get().uri(created.getHeaders().getLocation()).retrieve()
        .body(Project.class);
    assertThat(project).isNotNull();
    assertThat(project.createdAt()).isNotNull()
        .isBetween(before.minusMillis(1), after.plusMillis(1));
    assertThat(project.updatedAt()).isNotNull()
        .isBetween(before.minusMillis(1), after.plusMillis(1));
    assertThat(project.ownerId()).isEqualTo("ada");

    // bob adds a task to ada's project: auditing makes him its owner, the project stays ada's.
    Task task = as("bob").post().uri("/projects/{id}/tasks", project.id())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "Bob's task")).retrieve()
        .body(Task.class);
    assertThat(task).isNotNull();
    assertThat(task.ownerId()).isEqualTo("bob");
    assertThat(task.createdAt()).isAfterOrEqualTo(project.createdAt());
    Document stored = engine.query(db -> db.get(project.id()).orElseThrow());
    assertThat(stored.getJava("ownerId")).isEqualTo("ada");
    assertThat(stored.getJava("updatedAt")).isInstanceOf(String.class);
  }

  @Test
  void aStaleRenameIs409AndChangesNothing() {
    Project project = as("ada").post().uri("/projects").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("name", "Versioned")).retrieve().body(Project.class);
    assertThat(project).isNotNull();
    assertThat(project.version()).isZero();

    ResponseEntity<String> first = rename("ada", project.id(), "Versioned, once", 0);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(first.getBody()).contains("\"version\":1", "\"name\":\"Versioned, once\"");
    ResponseEntity<String> stale = rename("ada", project.id(), "Versioned, twice", 0);

    assertProblem(stale, HttpStatus.CONFLICT, "Cannot save Project with id \\\"" + project.id()
        + "\\\" and version 0: the stored document has version 1");
    Project read = as("ada").get().uri("/projects/{id}", project.id()).retrieve()
        .body(Project.class);
    assertThat(read).isNotNull();
    assertThat(read.name()).isEqualTo("Versioned, once");
    assertThat(read.version()).isEqualTo(1);
  }

  @Test
  void aTaskTitleOverItsSizeIs400NamingThePropertyAndWritesNothing() {
    Project project = as("ada").post().uri("/projects").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("name", "Validated")).retrieve().body(Project.class);
    assertThat(project).isNotNull();

    ResponseEntity<String> response = as("ada").post().uri("/projects/{id}/tasks", project.id())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "t".repeat(201)))
        .retrieve().toEntity(String.class);

    assertProblem(response, HttpStatus.BAD_REQUEST, "Cannot write Task to table \\\"tasks\\\": "
        + "title size must be between 0 and 200");
    assertThat(response.getBody())
        .contains("\"violations\":[{\"property\":\"title\",\"message\":"
            + "\"size must be between 0 and 200\"}]");
    Long tasks = engine.query(db -> (long) db.query("tasks")
        .withIndex("by_project", r -> r.eq("projectId", project.id())).collect().size());
    assertThat(tasks).isZero();
  }

  @Test
  void callingTheErrorPageDirectlyIs404() {
    ResponseEntity<String> anonymous = anonymous().get().uri("/error").retrieve()
        .toEntity(String.class);
    ResponseEntity<String> signedIn = as("ada").get().uri("/error").retrieve()
        .toEntity(String.class);

    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(signedIn.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
