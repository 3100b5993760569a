package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.Version;

/**
 * A task of a project: the table {@code tasks}, also the API's JSON form. Deleting a project
 * deletes its tasks ({@code onDelete = CASCADE}, found through {@code by_project}); row-level
 * security guards every task the cascade deletes. A title longer than 200 characters is refused
 * by Jakarta Validation before anything is written (400 over HTTP, naming {@code title}).
 */
@Table(name = "tasks")
@Index(name = "by_project", fields = "projectId")
@Index(name = "by_org", fields = "orgId")
public record Task(
    @Nullable @Id String id,
    @Nullable @CreationTime Instant createdAt,
    @Version long version,
    @NotNull String orgId,
    @NotNull @References(table = "projects", onDelete = ReferentialAction.CASCADE)
    String projectId,
    @NotNull @Size(max = 200) String title,
    @NotNull @CreatedBy @Nullable String ownerId,
    boolean done) {

  /** A new task of {@code project}, for auditing to fill. */
  static Task create(Project project, String title) {
    return new Task(null, null, 0, project.orgId(), java.util.Objects.requireNonNull(project.id()),
        title, null, false);
  }
}
