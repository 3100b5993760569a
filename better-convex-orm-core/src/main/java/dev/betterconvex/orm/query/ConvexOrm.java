package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import java.util.Objects;

/**
 * The ORM over one engine: {@code orm.query("posts").where(eq("orgId", org)).limit(10)
 * .findMany()}. Thread-safe; create one per engine.
 */
public final class ConvexOrm {

  private final ConvexEngine engine;

  /** Creates the ORM over {@code engine}. */
  public ConvexOrm(ConvexEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** Starts a read of {@code table} whose rows are documents. */
  public FindQuery<Document> query(String table) {
    return new FindQuery<>(engine, engine.schema().requireTable(table), doc -> doc);
  }

  /** Returns the engine the ORM runs on. */
  public ConvexEngine engine() {
    return engine;
  }
}
