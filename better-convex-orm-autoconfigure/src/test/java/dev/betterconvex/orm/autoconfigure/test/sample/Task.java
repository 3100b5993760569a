package dev.betterconvex.orm.autoconfigure.test.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import org.jspecify.annotations.Nullable;

@Table(name = "tasks")
@Index(name = "by_project", fields = "project")
public record Task(@Id @Nullable String id, @CreationTime double createdAt,
    @NotNull String project, String title) {

  public static Task of(String project, String title) {
    return new Task(null, 0, project, title);
  }
}
