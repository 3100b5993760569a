package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * How the engine keeps H2's write delay at 0 on a file database, whoever resets it; that this
 * makes commits survive a crash is {@link CrashRecoveryTests}' part. (H2 only: PostgreSQL
 * acknowledges a commit once it is its own.)
 */
class H2DurabilityTests {

  @TempDir
  Path dir;

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("db");
  }

  @Test
  void turnsOffTheWriteDelayOfAFileDatabaseAtStartup() throws SQLException {
    try (HikariDataSource dataSource = WriterProcess.pool(url(), 2)) {
      try (Connection c = dataSource.getConnection()) {
        assertThat(writeDelays(c)).contains(500);
      }
      ConvexEngine.builder(dataSource, WriterProcess.SCHEMA).build();
      try (Connection c = dataSource.getConnection()) {
        assertThat(writeDelays(c)).isNotEmpty().containsOnly(0);
      }
    }
  }

  @Test
  void turnsItOffAgainWhenTheDatabaseIsReopened() throws SQLException {
    // Without a pool H2 closes the database with each last connection; opening it resets the delay.
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url(), "sa", "");
    ConvexEngine engine = ConvexEngine.builder(dataSource, WriterProcess.SCHEMA).build();
    for (int i = 0; i < 3; i++) {
      long value = i;
      List<Integer> delays = engine.mutation(tx -> {
        tx.insert("items", Map.of("seq", value, "value", value));
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
          return writeDelays(c);
        }
        catch (SQLException ex) {
          throw new IllegalStateException(ex);
        }
      });
      assertThat(delays).as("in force while mutation " + i + " committed").containsOnly(0);
    }
  }

  @Test
  void writesTheCommitAndTurnsItOffAgainWhenAConnectionUrlRaisesIt() throws SQLException {
    try (HikariDataSource dataSource = WriterProcess.pool(url(), 1)) {
      ConvexEngine engine = ConvexEngine.builder(dataSource, WriterProcess.SCHEMA).build();
      engine.mutation(tx -> tx.insert("items", Map.of("seq", 1L, "value", 1L)));
      // Another connection whose URL sets the delay raises it for the whole open database.
      try (Connection other = DriverManager.getConnection(url() + ";WRITE_DELAY=300", "sa", "")) {
        assertThat(writeDelays(other)).contains(300);
        engine.mutation(tx -> tx.insert("items", Map.of("seq", 2L, "value", 2L)));
        assertThat(writeDelays(other)).containsOnly(0);
      }
    }
  }

  @Test
  void refusesToStartWhenTheUserMayNotTurnItOff() throws SQLException {
    try (Connection admin = DriverManager.getConnection(url(), "sa", "");
        Statement s = admin.createStatement()) {
      s.execute("CREATE USER writer PASSWORD 'secret'");
    }
    // The database closed with its last connection; reopened by a user without admin rights.
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url(), "writer", "secret");
    assertThatThrownBy(() -> ConvexEngine.builder(dataSource, WriterProcess.SCHEMA).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("H2 delays writing each commit to disk by up to 500 ms "
            + "(WRITE_DELAY), so a crash would lose commits already acknowledged, and the engine "
            + "cannot set WRITE_DELAY 0: Admin rights are required")
        .hasMessageEndingWith("Connect as an H2 admin user (the engine then sets WRITE_DELAY 0 "
            + "itself), or use PostgreSQL");
  }

  private static List<Integer> writeDelays(Connection c) throws SQLException {
    List<Integer> delays = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SETTING_VALUE "
        + "FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      while (rs.next()) {
        delays.add(Integer.parseInt(rs.getString(1)));
      }
    }
    return delays;
  }
}
