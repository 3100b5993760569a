package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.Document;
import org.jspecify.annotations.Nullable;

/** A project of an organization: the table {@code projects}, also the API's JSON form. */
@Table(name = "projects")
@Index(name = "by_org", fields = "orgId")
public record Project(
    @Id String id,
    @CreationTime double createdAt,
    @NotNull String name,
    @Nullable String orgId) {

  /** Maps a document of {@code projects} to a project. */
  static Project from(Document doc) {
    return new Project(doc.id(), doc.creationTime(), (String) doc.getJava("name"),
        (String) doc.getJava("orgId"));
  }
}
