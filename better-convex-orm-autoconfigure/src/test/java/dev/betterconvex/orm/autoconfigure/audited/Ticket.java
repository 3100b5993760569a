package dev.betterconvex.orm.autoconfigure.audited;

import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.Version;

/** A versioned, audited ticket whose subject must not be blank. */
@Table(name = "tickets")
public record Ticket(@Id @Nullable String id, @Version long version, @NotBlank String subject,
    @CreatedDate @Nullable Long openedAt, @CreatedBy @Nullable String openedBy,
    @LastModifiedBy @Nullable String changedBy) {

  public static Ticket about(String subject) {
    return new Ticket(null, 0, subject, null, null, null);
  }

  public Ticket withSubject(String subject) {
    return new Ticket(id, version, subject, openedAt, openedBy, changedBy);
  }
}
