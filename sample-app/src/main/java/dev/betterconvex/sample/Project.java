package dev.betterconvex.sample;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/**
 * A project of an organization: the table {@code projects}, also the API's JSON form. The server
 * sets {@code orgId} from the signed-in user; auditing sets {@code ownerId} (the user who created
 * it), {@code updatedAt} and {@code updatedBy}; {@code version} counts its writes and a write of
 * a stale copy fails (409 over HTTP).
 */
@Table(name = "projects")
@Index(name = "by_org", fields = "orgId")
public record Project(
    @Nullable @Id String id,
    @Nullable @CreationTime Instant createdAt,
    @Version long version,
    @NotNull String orgId,
    @NotNull String name,
    @NotNull @CreatedBy @Nullable String ownerId,
    @LastModifiedDate @Nullable Instant updatedAt,
    @LastModifiedBy @Nullable String updatedBy) {

  /** A new project of {@code orgId}, for auditing to fill. */
  static Project create(String orgId, String name) {
    return new Project(null, null, 0, orgId, name, null, null, null);
  }

  /** This project renamed, as the copy of {@code version} the client read. */
  Project renamed(String name, long version) {
    return new Project(id, createdAt, version, orgId, name, ownerId, updatedAt, updatedBy);
  }
}
