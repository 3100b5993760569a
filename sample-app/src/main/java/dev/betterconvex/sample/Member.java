package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A user's membership of an organization: the table {@code members}. */
@Table(name = "members")
@Index(name = "by_username", fields = "username")
@Index(name = "by_org", fields = "orgName")
@Unique(name = "members_username_unique", fields = "username")
public record Member(@Nullable @Id String id, @Nullable @CreationTime Instant createdAt,
    @NotNull String username,
    @NotNull @References(table = "orgs", field = "name") String orgName) {
}
