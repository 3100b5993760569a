package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.SearchIndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The search indexes at startup, as {@link StoreBootstrap} and {@link IndexBackfill} do for
 * database indexes: each is registered in {@code bc_search_indexes} (id, table, name,
 * definition, state, build progress) with its tables ({@link SearchIndexes}); one added to a
 * table with documents is {@link IndexState#BUILDING} until {@link #backfill} has indexed every
 * document, in batches of committed transactions in id order, resuming after a crash. Every
 * registration, drop and completion bumps the index-set version, so running engines of other
 * builds reload their registry (and then maintain the new index) as for database indexes.
 */
final class SearchIndexBootstrap {

  static final String TABLE = "bc_search_indexes";

  private static final String LAST_ID = "last_search_index_id";

  private static final Log logger = LogFactory.getLog(SearchIndexBootstrap.class);

  /** One row of {@code bc_search_indexes}. */
  record Stored(int id, int tableNumber, SearchIndexSchema schema, IndexState state) {
  }

  private SearchIndexBootstrap() {
  }

  static String createTableSql() {
    return "CREATE TABLE IF NOT EXISTS " + TABLE + " (search_id INTEGER PRIMARY KEY, "
        + "table_number INTEGER NOT NULL, index_name VARCHAR(64) NOT NULL, "
        + "index_definition VARCHAR(20000) NOT NULL, index_state VARCHAR(16) NOT NULL, "
        + "backfill_after VARCHAR(40), UNIQUE (table_number, index_name))";
  }

  /** The stored definition: the search field, then the filter fields. */
  static String definition(SearchIndexSchema schema) {
    return schema.searchField() + "|" + String.join(",", schema.filterFields());
  }

  static SearchIndexSchema schema(String name, String definition) {
    int bar = definition.indexOf('|');
    String filters = definition.substring(bar + 1);
    return new SearchIndexSchema(name, definition.substring(0, bar),
        filters.isEmpty() ? List.of() : Arrays.asList(filters.split(",")));
  }

  /** Reads every registered search index, by table number (none when the table is absent). */
  static Map<Integer, List<Stored>> read(Connection c, SqlDialect dialect) throws SQLException {
    Map<Integer, List<Stored>> result = new HashMap<>();
    if (!dialect.tableExists(c, TABLE)) {
      return result;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT search_id, table_number, index_name, "
        + "index_definition, index_state FROM " + TABLE + " ORDER BY search_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>()).add(new Stored(rs.getInt(1),
            rs.getInt(2), schema(rs.getString(3), rs.getString(4)),
            IndexState.valueOf(rs.getString(5))));
      }
    }
    return result;
  }

  /** The search indexes of one table for the registry, their states recorded in it. */
  static List<TableRegistry.SearchInfo> infos(TableRegistry registry, List<Stored> stored) {
    List<TableRegistry.SearchInfo> infos = new ArrayList<>(stored.size());
    for (Stored s : stored) {
      registry.searchState(s.id(), s.state());
      infos.add(new TableRegistry.SearchInfo(s.id(), s.schema()));
    }
    return infos;
  }

  /**
   * Registers the declared search indexes the database lacks (a changed definition is a new
   * index with a new id), creates their tables, and drops undeclared ones when asked; runs in
   * the bootstrap transaction after every table is registered. Returns whether the set changed.
   */
  static boolean reconcile(Connection c, SqlDialect dialect, Schema schema,
      TableRegistry registry, boolean upgrade, boolean dropUndeclared) throws SQLException {
    Map<Integer, List<Stored>> stored = read(c, dialect);
    String last = RegistryLoader.readMeta(c, LAST_ID);
    int lastId = last == null ? 0 : Integer.parseInt(last);
    int givenId = lastId;
    boolean changed = false;
    for (TableSchema table : schema.tables()) {
      TableRegistry.TableInfo info = registry.table(table.name());
      List<Stored> have = stored.getOrDefault(info.number(), List.of());
      for (SearchIndexSchema declared : table.searchIndexes()) {
        Stored current = have.stream().filter(s -> s.schema().name().equals(declared.name()))
            .findFirst().orElse(null);
        if (current != null && current.schema().equals(declared)) {
          continue;
        }
        StoreBootstrap.requireUpgrade(upgrade, "search index " + table.name() + "."
            + declared.name() + (current == null ? " does not exist" : " has another definition ("
                + definition(current.schema()) + ")"));
        if (current != null) {
          remove(c, current);
        }
        TableRegistry.SearchInfo search = new TableRegistry.SearchInfo(++lastId, declared);
        SearchIndexes.create(c, dialect, search);
        boolean empty = isEmpty(c, info.physical());
        StoreBootstrap.exec(c, "INSERT INTO " + TABLE + " (search_id, table_number, index_name, "
            + "index_definition, index_state) VALUES (?, ?, ?, ?, ?)", search.id(),
            info.number(), declared.name(), definition(declared),
            (empty ? IndexState.READY : IndexState.BUILDING).name());
        logger.info((empty ? "Created" : "Building") + " search index " + table.name() + "."
            + declared.name());
        changed = true;
      }
      for (Stored s : have) {
        if (table.searchIndexes().stream().anyMatch(d -> d.name().equals(s.schema().name()))) {
          continue;
        }
        if (!dropUndeclared) {
          logger.info("Keeping search index " + table.name() + "." + s.schema().name()
              + ", which the schema does not declare: every write maintains it");
          continue;
        }
        remove(c, s);
        changed = true;
        logger.info("Dropped search index " + table.name() + "." + s.schema().name());
      }
    }
    if (lastId != givenId) {
      StoreBootstrap.exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", LAST_ID);
      StoreBootstrap.exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", LAST_ID,
          Integer.toString(lastId));
    }
    return changed;
  }

  private static void remove(Connection c, Stored stored) throws SQLException {
    StoreBootstrap.exec(c, "DELETE FROM " + TABLE + " WHERE search_id = ?", stored.id());
    SearchIndexes.drop(c, new TableRegistry.SearchInfo(stored.id(), stored.schema()));
  }

  private static boolean isEmpty(Connection c, PhysicalTable table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table.name() + " LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return !rs.next();
    }
  }

  /**
   * Indexes the documents of a {@link IndexState#BUILDING} search index in batches of
   * {@link IndexBackfill#BATCH} in id order, each batch its own transaction (re-indexing a
   * document a write indexed meanwhile), then, under the bootstrap lock with writes to the
   * table held, the documents no write indexed (inserted by a build that did not know the
   * index), removes the entries of documents such a build deleted, and makes it
   * {@link IndexState#READY}. Returns whether it is READY.
   */
  static boolean backfill(Connection c, SqlDialect dialect, JdbcDocumentStore store,
      PhysicalTable table, TableRegistry.SearchInfo search, Predicate<String> afterBatch)
      throws SQLException {
    String name = table.tableName() + "." + search.schema().name();
    while (true) {
      Progress progress = progress(c, search);
      if (progress == null || progress.state() == IndexState.READY) {
        c.commit();
        return progress != null;
      }
      List<Document> batch = store.readForBackfill(c, table, progress.after(), null,
          IndexBackfill.BATCH, true);
      if (batch.isEmpty()) {
        c.commit();
        break;
      }
      reindex(c, dialect, search, batch);
      StoreBootstrap.exec(c, "UPDATE " + TABLE + " SET backfill_after = ? WHERE search_id = ?",
          batch.get(batch.size() - 1).id(), search.id());
      c.commit();
      if (!afterBatch.test(search.schema().name())) {
        logger.info("Stopped building search index " + name);
        return false;
      }
    }
    dialect.lockBootstrap(c);
    Progress progress = progress(c, search);
    if (progress == null || progress.state() == IndexState.READY) {
      c.commit();
      return progress != null;
    }
    dialect.lockForIndexBuild(c, table.name());
    // A scalar subquery that is null exactly when the document has no row in the index.
    String unindexed = "(SELECT d.doc_id FROM " + SearchIndexes.docs(search) + " d WHERE "
        + "d.doc_id = " + table.name() + ".id)";
    while (true) {
      List<Document> missing = store.readForBackfill(c, table, null, unindexed,
          IndexBackfill.BATCH, true);
      if (missing.isEmpty()) {
        break;
      }
      reindex(c, dialect, search, missing);
    }
    // Documents deleted by a build that did not know the index left their entries behind.
    List<String> orphans = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT d.doc_id FROM "
        + SearchIndexes.docs(search) + " d WHERE NOT EXISTS (SELECT 1 FROM " + table.name()
        + " t WHERE t.id = d.doc_id)");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        orphans.add(rs.getString(1));
      }
    }
    for (int from = 0; from < orphans.size(); from += IndexBackfill.BATCH) {
      SearchIndexes.unindex(c, dialect, search,
          orphans.subList(from, Math.min(orphans.size(), from + IndexBackfill.BATCH)));
    }
    StoreBootstrap.exec(c, "UPDATE " + TABLE + " SET index_state = ?, backfill_after = NULL "
        + "WHERE search_id = ?", IndexState.READY.name(), search.id());
    RegistryLoader.bumpIndexVersion(c);
    c.commit();
    logger.info("Built search index " + name);
    return true;
  }

  private static void reindex(Connection c, SqlDialect dialect,
      TableRegistry.SearchInfo search, List<Document> docs) throws SQLException {
    SearchIndexes.unindex(c, dialect, search, docs.stream().map(Document::id).toList());
    SearchIndexes.index(c, dialect, search, docs);
  }

  private record Progress(IndexState state, @Nullable String after) {
  }

  private static @Nullable Progress progress(Connection c, TableRegistry.SearchInfo search)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT index_state, backfill_after FROM "
        + TABLE + " WHERE search_id = ? FOR UPDATE")) {
      ps.setInt(1, search.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Progress(IndexState.valueOf(rs.getString(1)), rs.getString(2))
            : null;
      }
    }
  }
}
