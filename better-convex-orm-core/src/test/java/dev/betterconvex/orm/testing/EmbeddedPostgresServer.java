package dev.betterconvex.orm.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One embedded PostgreSQL server per test JVM, started on first use from Maven Central binaries. */
final class EmbeddedPostgresServer {

  private static EmbeddedPostgres server;

  private EmbeddedPostgresServer() {
  }

  static synchronized EmbeddedPostgres get() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .start();
      }
      catch (IOException ex) {
        throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
      }
    }
    return server;
  }
}
