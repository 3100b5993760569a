package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.CreatedBy;

/**
 * A comment on a task: the table {@code comments}. Deleting a task (or its project) deletes its
 * comments, a second cascade level that row-level security guards too. Auditing sets
 * {@code ownerId} to the signed-in user.
 */
@Table(name = "comments")
@Index(name = "by_task", fields = "taskId")
@Index(name = "by_org", fields = "orgId")
public record Comment(
    @Nullable @Id String id,
    @Nullable @CreationTime Instant createdAt,
    @NotNull String orgId,
    @NotNull @References(table = "tasks", onDelete = ReferentialAction.CASCADE) String taskId,
    @NotNull String body,
    @NotNull @CreatedBy @Nullable String ownerId) {
}
