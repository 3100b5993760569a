package dev.betterconvex.orm.autoconfigure.mixed;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import org.jspecify.annotations.Nullable;

/** A Better Convex entity, next to a Spring Data JDBC one. */
@Table(name = "memos", defaultLimit = 100)
@Index(name = "by_author", fields = "author")
public record Memo(@Id @Nullable String id, @CreationTime double createdAt,
    @NotNull String author) {
}
