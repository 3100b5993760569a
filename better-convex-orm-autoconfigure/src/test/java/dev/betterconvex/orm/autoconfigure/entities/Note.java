package dev.betterconvex.orm.autoconfigure.entities;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;

@Table(name = "notes")
@Index(name = "by_author", fields = "author")
public record Note(@Id String id, @CreationTime double createdAt, @NotNull String author,
    String text) {
}
