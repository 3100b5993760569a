package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the registry of a schema from the bookkeeping tables as they are, changing nothing: at
 * the end of bootstrap, and again whenever a running engine learns that another build changed
 * the index set (see {@link ConvexEngine#reloadIndexes}).
 */
final class RegistryLoader {

  /** The {@code bc_meta} key of the index-set version, bumped whenever an index is added or dropped. */
  static final String INDEX_VERSION = "index_version";

  /** One row of {@code bc_indexes}. */
  record StoredIndex(int id, String name, String fields, IndexState state) {
  }

  private RegistryLoader() {
  }

  static TableRegistry load(Connection c, Schema schema, SqlDialect dialect) throws SQLException {
    String secret = readMeta(c, "cursor_secret");
    if (secret == null) {
      throw new IllegalStateException("The cursor secret is not initialized in bc_meta");
    }
    // The version first: an index changed after it is read makes the next check reload again.
    long version = indexVersion(c);
    Map<String, Integer> numbers = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT table_number, table_name FROM bc_tables");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        numbers.put(rs.getString(2), rs.getInt(1));
      }
    }
    Map<Integer, List<StoredIndex>> indexes = readIndexes(c);
    Map<Integer, List<SearchIndexBootstrap.Stored>> searches = SearchIndexBootstrap.read(c, dialect);
    TableRegistry registry = new TableRegistry(schema, dialect,
        java.util.HexFormat.of().parseHex(secret), version);
    for (TableSchema table : schema.tables()) {
      Integer number = numbers.get(table.name());
      if (number == null) {
        throw new IllegalStateException("Table \"" + table.name() + "\" is not registered");
      }
      List<StoredIndex> stored = indexes.getOrDefault(number, List.of());
      Map<String, Integer> ids = new HashMap<>();
      List<TableRegistry.IndexInfo> undeclared = new ArrayList<>();
      for (StoredIndex index : stored) {
        registry.state(index.id(), index.state());
        IndexSchema declared = table.index(index.name()).orElse(null);
        if (declared != null && String.join(",", declared.keyFields()).equals(index.fields())) {
          ids.put(index.name(), index.id());
        }
        else {
          undeclared.add(new TableRegistry.IndexInfo(index.id(),
              LayoutMigration.indexSchema(index.name(), index.fields())));
        }
      }
      registry.add(table, number, ids, undeclared, SearchIndexBootstrap.infos(registry,
          searches.getOrDefault(number, List.of())));
    }
    VectorBootstrap.load(c, dialect, registry);
    return registry;
  }

  static long indexVersion(Connection c) throws SQLException {
    return parseVersion(readMeta(c, INDEX_VERSION));
  }

  /** Adds one to the index-set version; runs under the bootstrap lock. */
  static void bumpIndexVersion(Connection c) throws SQLException {
    long next = indexVersion(c) + 1;
    StoreBootstrap.exec(c, "DELETE FROM bc_meta WHERE meta_key = ?", INDEX_VERSION);
    StoreBootstrap.exec(c, "INSERT INTO bc_meta (meta_key, meta_value) VALUES (?, ?)",
        INDEX_VERSION, Long.toString(next));
  }

  static long parseVersion(@Nullable String value) {
    return value == null ? 0 : Long.parseLong(value);
  }

  /**
   * Reads every registered index, per table number. One name may be recorded more than once, with
   * other fields: two builds that declare it differently each keep their version.
   */
  static Map<Integer, List<StoredIndex>> readIndexes(Connection c) throws SQLException {
    Map<Integer, List<StoredIndex>> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT index_id, table_number, index_name, index_fields, index_state FROM bc_indexes "
            + "ORDER BY index_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>())
            .add(new StoredIndex(rs.getInt(1), rs.getString(3), rs.getString(4),
                IndexState.valueOf(rs.getString(5))));
      }
    }
    return result;
  }

  static @Nullable String readMeta(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT meta_value FROM bc_meta WHERE meta_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
