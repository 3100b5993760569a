package dev.betterconvex.orm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Fills the key column of an index in state {@link IndexState#BUILDING}, in batches of committed
 * transactions in id order, keeping its progress in {@code bc_indexes.backfill_after} so that a
 * crash resumes where it stopped and several processes share the work; then, under the bootstrap
 * lock and with writes to the table held, fills the rows inserted meanwhile by builds that did
 * not know the index yet, makes the column {@code NOT NULL} and the index {@link IndexState#READY}.
 */
final class IndexBackfill {

  static final int BATCH = 500;

  private static final Log logger = LogFactory.getLog(IndexBackfill.class);

  private final SqlDialect dialect;
  private final JdbcDocumentStore store;
  private final Predicate<String> afterBatch;

  /**
   * @param afterBatch called after each committed batch with the index name; false stops the
   *     backfill there (the index stays BUILDING), for tests of an interrupted build
   */
  IndexBackfill(SqlDialect dialect, JdbcDocumentStore store, Predicate<String> afterBatch) {
    this.dialect = dialect;
    this.store = store;
    this.afterBatch = afterBatch;
  }

  /** Builds the index on a connection with auto-commit off; returns whether it is READY. */
  boolean run(Connection c, PhysicalTable table, TableRegistry.IndexInfo index)
      throws SQLException {
    String name = table.tableName() + "." + index.schema().name();
    int filled = 0;
    while (true) {
      Progress progress = progress(c, index);
      if (progress == null || progress.state() == IndexState.READY) {
        c.commit();
        return progress != null;
      }
      List<Document> batch = store.readForBackfill(c, table, progress.after(), null, BATCH, true);
      if (batch.isEmpty()) {
        c.commit();
        break;
      }
      fill(c, table, index, batch);
      exec(c, "UPDATE bc_indexes SET backfill_after = ? WHERE index_id = ?",
          batch.get(batch.size() - 1).id(), index.id());
      c.commit();
      filled += batch.size();
      if (!afterBatch.test(index.schema().name())) {
        logger.info("Stopped building index " + name + " after " + filled + " documents");
        return false;
      }
    }
    dialect.lockBootstrap(c);
    Progress progress = progress(c, index);
    if (progress == null || progress.state() == IndexState.READY) {
      c.commit();
      return progress != null;
    }
    dialect.lockForIndexBuild(c, table.name());
    while (true) {
      List<Document> missing = store.readForBackfill(c, table, null, index.column(), BATCH, true);
      if (missing.isEmpty()) {
        break;
      }
      fill(c, table, index, missing);
      filled += missing.size();
    }
    exec(c, "ALTER TABLE " + table.name() + " ALTER COLUMN " + index.column() + " SET NOT NULL");
    exec(c, "UPDATE bc_indexes SET index_state = ?, backfill_after = NULL WHERE index_id = ?",
        IndexState.READY.name(), index.id());
    RegistryLoader.bumpIndexVersion(c);
    c.commit();
    logger.info("Built index " + name + " (" + filled + " documents filled by this process)");
    return true;
  }

  private void fill(Connection c, PhysicalTable table, TableRegistry.IndexInfo index,
      List<Document> docs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE " + table.name() + " SET " + index.column() + " = ? WHERE " + table.idEquals())) {
      for (Document doc : docs) {
        ps.setBytes(1, JdbcDocumentStore.key(table.tableName(), index, doc));
        table.bindId(ps, 2, doc.id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private record Progress(IndexState state, @Nullable String after) {
  }

  /** Reads (and locks, so that processes building the same index take turns) its progress. */
  private static @Nullable Progress progress(Connection c, TableRegistry.IndexInfo index)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT index_state, backfill_after "
        + "FROM bc_indexes WHERE index_id = ? FOR UPDATE")) {
      ps.setInt(1, index.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Progress(IndexState.valueOf(rs.getString(1)), rs.getString(2))
            : null;
      }
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    StoreBootstrap.exec(c, sql, args);
  }
}
