package dev.betterconvex.orm.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates and drops the fresh databases behind {@link DatabaseTest}; usable directly by tests
 * that need a database outside a test template (benchmarks, Spring contexts).
 */
public final class TestDatabases {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabases() {
  }

  /** Returns the kinds selected by the {@code betterconvex.test.databases} property (default: all). */
  public static List<TestDatabase.Kind> selectedKinds() {
    String selected = System.getProperty("betterconvex.test.databases", "h2,postgresql")
        .toLowerCase(Locale.ROOT);
    List<TestDatabase.Kind> kinds = new ArrayList<>();
    for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
      if (selected.contains(kind.name().toLowerCase(Locale.ROOT))) {
        kinds.add(kind);
      }
    }
    return kinds;
  }

  /** Creates a fresh, empty database of the given kind. Close it with {@link #drop}. */
  public static TestDatabase create(TestDatabase.Kind kind) {
    int n = COUNTER.incrementAndGet();
    String name = "bc_test_" + ProcessHandle.current().pid() + "_" + n;
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(12);
    config.setMinimumIdle(0);
    config.setPoolName(name);
    if (kind == TestDatabase.Kind.H2) {
      config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
      config.setUsername("sa");
    }
    else {
      EmbeddedPostgres pg = EmbeddedPostgresServer.get();
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
      }
      catch (SQLException ex) {
        throw new IllegalStateException("Could not create schema " + name, ex);
      }
      config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + name);
    }
    HikariDataSource dataSource = new HikariDataSource(config);
    return new TestDatabase(kind, dataSource, config.getJdbcUrl());
  }

  /** Drops a database made by {@link #create} and closes its pool. */
  public static void drop(TestDatabase database) {
    HikariDataSource dataSource = (HikariDataSource) database.dataSource();
    String name = dataSource.getPoolName();
    try {
      if (database.kind() == TestDatabase.Kind.H2) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        }
        catch (SQLException ex) {
          // SHUTDOWN closes the connection under our feet; the database is gone either way.
        }
      }
      dataSource.close();
      if (database.kind() == TestDatabase.Kind.POSTGRESQL) {
        try (Connection c = EmbeddedPostgresServer.get().getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + name + " CASCADE");
        }
      }
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not drop test database " + name, ex);
    }
  }
}
