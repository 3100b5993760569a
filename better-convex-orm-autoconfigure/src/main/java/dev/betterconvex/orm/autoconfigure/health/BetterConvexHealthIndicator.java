package dev.betterconvex.orm.autoconfigure.health;

import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.EngineStatistics;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of a {@link ConvexEngine}: up when a read-only query reads its database, with the
 * database's name ({@code H2} or {@code PostgreSQL}), the number of tables and the engine's
 * counters as details; down with the exception when the read fails. The read is one document of
 * the first table by its creation-time index, or an empty read-only transaction when the schema
 * has no table.
 */
public class BetterConvexHealthIndicator extends AbstractHealthIndicator {

  private final ConvexEngine engine;

  /** Creates the indicator of {@code engine}. */
  public BetterConvexHealthIndicator(ConvexEngine engine) {
    super("Better Convex health check failed");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<TableSchema> tables = engine.schema().tables();
    builder.withDetail("database", engine.databaseName())
        .withDetail("tables", tables.size());
    engine.query(db -> tables.isEmpty() || db.query(tables.get(0).name()).first().isPresent());
    EngineStatistics statistics = engine.statistics();
    builder.up()
        .withDetail("queries", statistics.queries())
        .withDetail("mutations", statistics.mutations())
        .withDetail("conflicts", statistics.conflicts())
        .withDetail("retries", statistics.retries());
  }
}
