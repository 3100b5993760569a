package dev.betterconvex.orm.testing;

import javax.sql.DataSource;

/**
 * A fresh, empty database for one test run: an in-memory H2 database or a PostgreSQL schema of
 * its own on the shared embedded server.
 *
 * @param kind which database this is
 * @param dataSource a pooled data source onto the fresh database
 * @param jdbcUrl the JDBC URL of the fresh database
 */
public record TestDatabase(Kind kind, DataSource dataSource, String jdbcUrl) {

  /** The databases the engine supports. */
  public enum Kind {
    /** Embedded H2, the default. */
    H2("H2"),
    /** PostgreSQL, the production database. */
    POSTGRESQL("PostgreSQL");

    private final String displayName;

    Kind(String displayName) {
      this.displayName = displayName;
    }

    /** Returns the name shown in test reports. */
    public String displayName() {
      return displayName;
    }
  }
}
