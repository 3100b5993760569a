package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import org.jspecify.annotations.Nullable;

/**
 * A project of an organization: the table {@code projects}, also the API's JSON form. The server
 * sets {@code orgId} and {@code ownerId} from the signed-in user.
 */
@Table(name = "projects")
@Index(name = "by_org", fields = "orgId")
public record Project(
    @Nullable @Id String id,
    @CreationTime double createdAt,
    @NotNull String orgId,
    @NotNull String name,
    @NotNull String ownerId) {
}
