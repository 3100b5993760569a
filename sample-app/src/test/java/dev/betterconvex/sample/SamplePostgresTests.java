package dev.betterconvex.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample with its {@code postgres} profile, on embedded PostgreSQL, over real HTTP: tenants
 * stay apart, the guarded cascade answers 403 and bad input is a 4xx problem, as on H2.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class SamplePostgresTests extends SampleHttpTests {

  private static final TestDatabase DATABASE =
      TestDatabases.create(TestDatabase.Kind.POSTGRESQL);

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DATABASE);
  }

  @Test
  void tenantsStayApartAndTheGuardedCascadeIs403OnPostgres() {
    assertThat(engine.databaseName()).isEqualTo("PostgreSQL");
    Project project = as("ada").post().uri("/projects").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("name", "On Postgres")).retrieve().body(Project.class);
    assertThat(project).isNotNull();
    as("bob").post().uri("/projects/{id}/tasks", project.id())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("title", "Bob's")).retrieve()
        .toBodilessEntity();
    assertThat(as("cy").get().uri("/projects/{id}", project.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<String> denied = as("ada").delete().uri("/projects/{id}", project.id())
        .retrieve().toEntity(String.class);
    assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(denied.getBody()).contains("\"table\":\"tasks\"");
    assertThat(as("ada").get().uri("/projects/{id}", project.id()).retrieve()
        .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
  }
}
