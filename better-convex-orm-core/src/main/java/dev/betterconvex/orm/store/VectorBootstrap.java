package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.VectorIndexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Registers the vector indexes of the schema in {@code bc_vector_indexes} and creates their
 * tables ({@link VectorTable}) inside the bootstrap transaction: a new index (or one whose
 * definition changed, which gets a new id) is filled from every stored document of its table
 * in that transaction, with writes to the table held, so it is complete when it is registered.
 * A vector index the database records but the schema does not declare is kept and maintained,
 * unless the bootstrap mode drops undeclared indexes.
 */
final class VectorBootstrap {

  /** The bookkeeping table of vector indexes. */
  static final String TABLE = "bc_vector_indexes";

  /** The {@code bc_meta} key of the last vector index id given (ids are never reused). */
  private static final String LAST_ID = "last_vector_index_id";

  private static final Log logger = LogFactory.getLog(VectorBootstrap.class);

  private record Stored(int id, String name, String definition) {
  }

  private VectorBootstrap() {
  }

  /**
   * Brings the vector indexes of every table in line with the schema; the tables' physical
   * tables exist. Returns whether an index was added or dropped.
   */
  static boolean reconcile(Connection c, SqlDialect dialect, JdbcDocumentStore store,
      TableRegistry registry, boolean upgrade, boolean dropUndeclared) throws SQLException {
    Map<Integer, List<Stored>> stored = read(c, dialect);
    String last = RegistryLoader.readMeta(c, LAST_ID);
    int maxId = last == null ? 0 : Integer.parseInt(last);
    for (List<Stored> perTable : stored.values()) {
      for (Stored index : perTable) {
        maxId = Math.max(maxId, index.id());
      }
    }
    int given = maxId;
    boolean changed = false;
    for (TableRegistry.TableInfo table : registry.tables()) {
      List<Stored> have = stored.getOrDefault(table.number(), List.of());
      for (VectorIndexSchema index : table.schema().vectorIndexes()) {
        String definition = VectorTable.definition(index);
        Stored current = have.stream().filter(s -> s.name().equals(index.name())).findFirst()
            .orElse(null);
        if (current != null && current.definition().equals(definition)) {
          continue;
        }
        StoreBootstrap.requireUpgrade(upgrade, "vector index " + table.name() + "."
            + index.name() + (current == null ? " does not exist"
            : " has another definition (" + current.definition() + ")"));
        if (current != null) {
          drop(c, current);
        }
        VectorTable vectors = new VectorTable(dialect, table.name(), ++maxId, index);
        build(c, dialect, store, table.physical(), vectors);
        StoreBootstrap.exec(c, "INSERT INTO " + TABLE + " (index_id, table_number, index_name, "
            + "index_definition) VALUES (?, ?, ?, ?)", vectors.id(), table.number(),
            index.name(), definition);
        changed = true;
      }
      for (Stored index : have) {
        if (table.schema().vectorIndexes().stream().anyMatch(v -> v.name().equals(index.name()))
            || !dropUndeclared) {
          continue;
        }
        drop(c, index);
        changed = true;
        logger.info("Dropped vector index " + table.name() + "." + index.name());
      }
    }
    if (maxId != given) {
      StoreBootstrap.exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", LAST_ID);
      StoreBootstrap.exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)", LAST_ID,
          Integer.toString(maxId));
    }
    return changed;
  }

  /** Adds the vector indexes the database records to {@code registry}. */
  static void load(Connection c, SqlDialect dialect, TableRegistry registry)
      throws SQLException {
    Map<Integer, List<Stored>> stored = read(c, dialect);
    for (TableRegistry.TableInfo table : registry.tables()) {
      for (Stored index : stored.getOrDefault(table.number(), List.of())) {
        VectorIndexSchema schema = VectorTable.parse(index.name(), index.definition());
        registry.addVector(new VectorTable(dialect, table.name(), index.id(), schema),
            declares(table.schema(), index));
      }
    }
  }

  private static boolean declares(TableSchema table, Stored index) {
    return table.vectorIndexes().stream().anyMatch(v -> v.name().equals(index.name())
        && VectorTable.definition(v).equals(index.definition()));
  }

  /**
   * Creates the index's table (dropping a left-over one of the same id, from a build that
   * crashed before registering it) and fills it from every document of {@code table}, with
   * writes to the table held until the bootstrap transaction commits.
   */
  private static void build(Connection c, SqlDialect dialect, JdbcDocumentStore store,
      PhysicalTable table, VectorTable vectors) throws SQLException {
    StoreBootstrap.exec(c, "DROP TABLE IF EXISTS " + vectors.name());
    for (String ddl : vectors.createSql()) {
      StoreBootstrap.exec(c, ddl);
    }
    dialect.lockForIndexBuild(c, table.name());
    int filled = 0;
    String after = null;
    while (true) {
      List<Document> batch = store.readForBackfill(c, table, after, null, IndexBackfill.BATCH,
          false);
      if (batch.isEmpty()) {
        break;
      }
      List<VectorTable.Entry> entries = new ArrayList<>(batch.size());
      for (Document doc : batch) {
        VectorTable.Entry entry = vectors.entry(doc);
        if (entry != null) {
          entries.add(entry);
        }
      }
      VectorIndexes.insert(c, vectors, entries);
      filled += entries.size();
      after = batch.get(batch.size() - 1).id();
    }
    logger.info("Built vector index " + vectors + " (" + filled + " vectors)");
  }

  private static void drop(Connection c, Stored index) throws SQLException {
    StoreBootstrap.exec(c, "DELETE FROM " + TABLE + " WHERE index_id = ?", index.id());
    StoreBootstrap.exec(c, "DROP TABLE IF EXISTS " + VectorTable.nameOf(index.id()));
  }

  private static Map<Integer, List<Stored>> read(Connection c, SqlDialect dialect)
      throws SQLException {
    Map<Integer, List<Stored>> result = new HashMap<>();
    if (!dialect.tableExists(c, TABLE)) {
      return result;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT index_id, table_number, index_name, "
        + "index_definition FROM " + TABLE + " ORDER BY index_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>())
            .add(new Stored(rs.getInt(1), rs.getString(3), rs.getString(4)));
      }
    }
    return result;
  }
}
