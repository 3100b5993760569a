package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.Document;

/** A task of a project: the table {@code tasks}, also the API's JSON form. */
@Table(name = "tasks")
@Index(name = "by_project", fields = "projectId")
public record Task(
    @Id String id,
    @CreationTime double createdAt,
    @NotNull @References(table = "projects") String projectId,
    @NotNull String title,
    boolean done) {

  /** Maps a document of {@code tasks} to a task. */
  static Task from(Document doc) {
    return new Task(doc.id(), doc.creationTime(), (String) doc.getJava("projectId"),
        (String) doc.getJava("title"), Boolean.TRUE.equals(doc.getJava("done")));
  }
}
