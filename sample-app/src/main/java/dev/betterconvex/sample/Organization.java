package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An organization, the tenant: the table {@code orgs}. */
@Table(name = "orgs")
@Index(name = "by_name", fields = "name")
@Unique(name = "orgs_name_unique", fields = "name")
public record Organization(@Nullable @Id String id, @Nullable @CreationTime Instant createdAt,
    @NotNull String name) {
}
