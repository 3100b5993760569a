package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.SearchIndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The tables and indexes of the schema with the numbers the database gave them. Immutable. */
final class TableRegistry {

  record IndexInfo(int id, IndexSchema schema) {

    /** Whether this is {@code by_id}, whose key order is the order of the id column. */
    boolean isPrimary() {
      return schema.name().equals(IndexSchema.BY_ID.name());
    }

    /** The column the index is read on: {@code id} for {@code by_id}, else its key column. */
    String column() {
      return isPrimary() ? "id" : "k" + id;
    }
  }

  /**
   * A search index with the id the database gave it; its postings live in the tables of
   * {@link SearchIndexes} named after the id.
   */
  record SearchInfo(int id, SearchIndexSchema schema) {
  }

  record TableInfo(TableSchema schema, int number, List<IndexInfo> indexes,
      Map<String, IndexInfo> byName, PhysicalTable physical, Map<String, SearchInfo> searches) {

    /** The declared search index {@code name}, as the database holds it. */
    SearchInfo search(String name) {
      SearchInfo info = searches.get(name);
      if (info == null) {
        throw new InvalidIndexRangeException("Search index " + schema.name() + "." + name
            + (schema.searchIndexes().stream().anyMatch(s -> s.name().equals(name))
                ? " is declared, but the database holds no search index " + name + " with its "
                    + "fields (another build dropped or changed it; restart this build to create it)"
                : " not found; table \"" + schema.name() + "\" has search indexes "
                    + searches.keySet()));
      }
      return info;
    }

    String name() {
      return schema.name();
    }

    IndexInfo index(String name) {
      IndexInfo info = byName.get(name);
      if (info == null && schema.index(name).isPresent()) {
        throw new InvalidIndexRangeException("Index " + schema.name() + "." + name
            + " is declared, but the database holds no index " + name + " with its fields "
            + "(another build dropped or changed it; restart this build to create it)");
      }
      if (info == null) {
        throw new InvalidIndexRangeException("Index " + schema.name() + "." + name
            + " not found; table \"" + schema.name() + "\" has indexes " + byName.keySet());
      }
      return info;
    }

    IndexInfo creationTimeIndex() {
      return index(IndexSchema.BY_CREATION_TIME.name());
    }
  }

  private final Schema schema;
  private final SqlDialect dialect;
  private final byte[] cursorSecret;
  private final long indexVersion;
  private final Map<String, TableInfo> byName = new LinkedHashMap<>();
  private final Map<Integer, TableInfo> byNumber = new HashMap<>();
  private final Map<Integer, IndexState> states = new HashMap<>();
  /** Every vector index each table maintains, declared or not (another build's). */
  private final Map<String, List<VectorTable>> vectorTables = new HashMap<>();
  /** The declared vector indexes, by table and index name, which queries read. */
  private final Map<String, Map<String, VectorTable>> declaredVectors = new HashMap<>();
  private final Map<Integer, IndexState> searchStates = new HashMap<>();

  TableRegistry(Schema schema, SqlDialect dialect, byte[] cursorSecret, long indexVersion) {
    this.schema = schema;
    this.dialect = dialect;
    this.cursorSecret = cursorSecret.clone();
    this.indexVersion = indexVersion;
  }

  /** The version of the index set ({@code index_version} in {@code bc_meta}) this registry holds. */
  long indexVersion() {
    return indexVersion;
  }

  byte[] cursorSecret() {
    return cursorSecret.clone();
  }

  /**
   * Adds a table with the ids of its declared indexes and the indexes the database records but
   * the schema does not declare (or with other fields): those are maintained by every write,
   * never read. A declared index without an id (another build dropped or changed it) is neither
   * read nor maintained.
   */
  void add(TableSchema table, int number, Map<String, Integer> indexIds,
      List<IndexInfo> undeclared) {
    add(table, number, indexIds, undeclared, List.of());
  }

  /**
   * Adds a table as {@link #add(TableSchema, int, Map, List)} does, with the search indexes the
   * database holds for it ({@code searches}: every write maintains them; those the schema
   * declares with the same definition can be searched).
   */
  void add(TableSchema table, int number, Map<String, Integer> indexIds,
      List<IndexInfo> undeclared, List<SearchInfo> searches) {
    Map<String, IndexInfo> indexes = new LinkedHashMap<>();
    for (IndexSchema index : table.allIndexes()) {
      Integer id = indexIds.get(index.name());
      if (id == null) {
        if (index.equals(IndexSchema.BY_ID) || index.equals(IndexSchema.BY_CREATION_TIME)) {
          throw new IllegalStateException("Index " + table.name() + "." + index.name()
              + " has no id in the database");
        }
        continue;
      }
      indexes.put(index.name(), new IndexInfo(id, index));
    }
    List<IndexInfo> declared = List.copyOf(indexes.values());
    List<IndexInfo> maintained = new java.util.ArrayList<>(declared);
    maintained.addAll(undeclared);
    Map<String, SearchInfo> searchable = new LinkedHashMap<>();
    for (SearchInfo search : searches) {
      if (table.searchIndexes().contains(search.schema())) {
        searchable.put(search.schema().name(), search);
      }
    }
    TableInfo info = new TableInfo(table, number, declared, Map.copyOf(indexes),
        new PhysicalTable(dialect, table.name(), number, maintained, searches),
        Map.copyOf(searchable));
    byName.put(table.name(), info);
    byNumber.put(number, info);
  }

  /**
   * Adds a vector index of a table, which every write maintains; {@code declared} when the
   * schema declares it with this definition, so that queries read it.
   */
  void addVector(VectorTable vectors, boolean declared) {
    vectorTables.computeIfAbsent(vectors.tableName(), t -> new java.util.ArrayList<>())
        .add(vectors);
    if (declared) {
      declaredVectors.computeIfAbsent(vectors.tableName(), t -> new HashMap<>())
          .put(vectors.schema().name(), vectors);
    }
  }

  /** The vector indexes every write to {@code table} maintains. */
  List<VectorTable> vectorTables(String table) {
    return vectorTables.getOrDefault(table, List.of());
  }

  /** The declared vector index {@code index} of {@code table}, or null. */
  @Nullable VectorTable declaredVectorTable(String table, String index) {
    return declaredVectors.getOrDefault(table, Map.of()).get(index);
  }

  /** Records the state of an index (default {@link IndexState#READY}). */
  void state(int indexId, IndexState state) {
    states.put(indexId, state);
  }

  /** Records the state of a search index (default {@link IndexState#READY}). */
  void searchState(int searchId, IndexState state) {
    searchStates.put(searchId, state);
  }

  /** Returns whether the search index can be read or is still being built. */
  IndexState state(SearchInfo search) {
    return searchStates.getOrDefault(search.id(), IndexState.READY);
  }

  /** Returns whether the index can be read or is still being built. */
  IndexState state(IndexInfo index) {
    return states.getOrDefault(index.id(), IndexState.READY);
  }

  /** Returns every index with a key column, declared or not, still being built. */
  List<TableRegistry.IndexInfo> building(TableInfo table) {
    return table.physical().keyIndexes().stream().filter(i -> state(i) == IndexState.BUILDING)
        .toList();
  }

  /** Returns the tables of the schema. */
  java.util.Collection<TableInfo> tables() {
    return byName.values();
  }

  Schema schema() {
    return schema;
  }

  TableInfo table(String name) {
    TableInfo info = byName.get(name);
    if (info == null) {
      throw new InvalidDocumentException("Table \"" + name + "\" is not in the schema; tables: "
          + byName.keySet());
    }
    return info;
  }

  @Nullable TableInfo tableByNumber(int number) {
    return byNumber.get(number);
  }

  /** The table stored in the physical table {@code name} ({@code bc_t<number>}), or null. */
  @Nullable TableInfo tableByPhysicalName(String name) {
    for (TableInfo info : byNumber.values()) {
      if (info.physical().name().equals(name)) {
        return info;
      }
    }
    return null;
  }
}
