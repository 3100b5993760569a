package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import org.jspecify.annotations.Nullable;

/**
 * A task of a project: the table {@code tasks}, also the API's JSON form. Deleting a project
 * deletes its tasks ({@code onDelete = CASCADE}, found through {@code by_project}); row-level
 * security guards every task the cascade deletes.
 */
@Table(name = "tasks")
@Index(name = "by_project", fields = "projectId")
@Index(name = "by_org", fields = "orgId")
public record Task(
    @Nullable @Id String id,
    @CreationTime double createdAt,
    @NotNull String orgId,
    @NotNull @References(table = "projects", onDelete = ReferentialAction.CASCADE)
    String projectId,
    @NotNull String title,
    @NotNull String ownerId,
    boolean done) {
}
