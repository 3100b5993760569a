package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.DocumentId;
import dev.betterconvex.orm.value.DocumentLimits;
import dev.betterconvex.orm.value.JavaValues;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DataSourceUtils;

/** The database API of one engine, working in whatever transaction is current on the thread. */
final class JdbcDatabase implements DatabaseWriter, EngineInternals {

  /** One unit of work against the current transaction's connection. */
  interface SqlWork<T> {
    T run(Connection connection, TransactionState state) throws SQLException;
  }

  /** One unit of work against the current transaction's connection that returns nothing. */
  interface SqlAction {
    void run(Connection connection, TransactionState state) throws SQLException;
  }

  private final ConvexEngine engine;

  JdbcDatabase(ConvexEngine engine) {
    this.engine = engine;
  }

  ConvexEngine engine() {
    return engine;
  }

  /** Shared by every work unit that carries no isolation statement; never set. */
  private static final AtomicReference<@Nullable String> NO_ISOLATION = new AtomicReference<>();

  /** The most inserted rows buffered per table before they are sent as one batch. */
  static final int MAX_PENDING_ROWS = 1000;

  /**
   * Runs {@code work} on the current transaction's connection after sending the rows inserted
   * into {@code table} and not yet written, so that it sees them.
   */
  <T> T inTransaction(String table, SqlWork<T> work) {
    TransactionState state = engine.currentState();
    Connection connection = DataSourceUtils.getConnection(engine.dataSource());
    String isolation = state.takePendingIsolation();
    // Only a transaction's first statement on PostgreSQL carries the isolation.
    AtomicReference<@Nullable String> pending =
        isolation == null ? NO_ISOLATION : new AtomicReference<>(isolation);
    try {
      Connection c = isolation == null ? connection : IsolationPrefix.wrap(connection, pending);
      sendPending(c, state, table);
      return work.run(c, state);
    }
    catch (MissingParentException ex) {
      // Part of the rows may be written (PostgreSQL) or dropped (H2): never commit that.
      state.markRollbackOnly(ex.getMessage());
      throw ex;
    }
    catch (SQLException ex) {
      if (engine.dialect().isKeyColumnMismatch(ex) && engine.reloadIndexes(state.indexVersion())) {
        throw new IndexSetChangedException(table, ex);
      }
      throw engine.translate(ex, table);
    }
    finally {
      String unsent = pending.get();
      if (unsent != null) {
        state.deferIsolation(unsent); // this work ran no statement: the next one carries it
      }
      DataSourceUtils.releaseConnection(connection, engine.dataSource());
    }
  }

  /**
   * Sends the rows buffered for {@code table}, after those of the tables its rows require
   * documents of (so that the check sees the documents inserted before).
   */
  private void sendPending(Connection c, TransactionState state, String table)
      throws SQLException {
    TransactionState.PendingInserts inserts = state.takePending(table);
    if (inserts == null) {
      return;
    }
    java.util.Set<String> parents = new java.util.LinkedHashSet<>();
    for (JdbcDocumentStore.Row row : inserts.rows()) {
      parents.addAll(row.parentTables());
    }
    for (String parent : parents) {
      TableRegistry.TableInfo info = engine.registry().tableByPhysicalName(parent);
      if (info != null && !info.name().equals(table)) {
        sendPending(c, state, info.name());
      }
    }
    engine.store().insert(c, inserts.table(), inserts.rows());
    engine.aggregates().write(c, table, List.of(),
        inserts.rows().stream().map(JdbcDocumentStore.Row::document).toList());
    engine.vectors().inserted(c, engine.registry(), inserts.table(), inserts.rows());
  }

  /** Sends every buffered insert of the current transaction; runs before each commit. */
  void flushAll() {
    TransactionState state = engine.currentState();
    String refused = state.rollbackOnly();
    if (refused != null) {
      throw new InvalidDocumentException("The transaction can't commit: an insert was refused ("
          + refused + "); the statement failed after sending part of its rows, so the "
          + "transaction must be rolled back");
    }
    for (String table : state.pendingTables()) {
      runInTransaction(table, (c, s) -> { });
    }
  }

  /** Runs {@code action} as {@link #inTransaction} runs its work. */
  void runInTransaction(String table, SqlAction action) {
    inTransaction(table, (c, state) -> {
      action.run(c, state);
      return Boolean.TRUE;
    });
  }

  @Override
  public Optional<Document> get(String id) {
    DocumentId decoded = DocumentId.decode(id);
    TableRegistry.TableInfo table = engine.registry().tableByNumber(decoded.tableNumber());
    if (table == null) {
      return Optional.empty();
    }
    return read(table, id).map(JdbcDocumentStore.StoredDocument::document);
  }

  @Override
  public Optional<Document> get(String table, String id) {
    TableRegistry.TableInfo info = engine.registry().table(table);
    if (DocumentId.decode(id).tableNumber() != info.number()) {
      return Optional.empty();
    }
    return read(info, id).map(JdbcDocumentStore.StoredDocument::document);
  }

  private Optional<JdbcDocumentStore.StoredDocument> read(TableRegistry.TableInfo table,
      String id) {
    return inTransaction(table.name(), (c, state) -> {
      state.countIndexRange(table.name());
      JdbcDocumentStore.StoredDocument stored = engine.store().get(c, table.physical(), id);
      if (stored != null) {
        state.countRead(table.name(), stored.bytes());
      }
      return Optional.ofNullable(stored);
    });
  }

  @Override
  public Map<String, Document> getAll(String table, Collection<String> ids) {
    TableRegistry.TableInfo info = engine.registry().table(table);
    List<String> wanted = new LinkedHashSet<>(ids).stream()
        .filter(id -> DocumentId.tryDecode(id).filter(d -> d.tableNumber() == info.number())
            .isPresent())
        .toList();
    if (wanted.isEmpty()) {
      return Map.of();
    }
    return inTransaction(table, (c, state) -> {
      for (int i = 0; i < wanted.size(); i++) {
        state.countIndexRange(table);
      }
      Map<String, Document> found = new LinkedHashMap<>();
      int chunk = engine.dialect().maxRangesPerStatement();
      for (int from = 0; from < wanted.size(); from += chunk) {
        for (JdbcDocumentStore.StoredDocument stored : engine.store().getMany(c, info.physical(),
            wanted.subList(from, Math.min(wanted.size(), from + chunk)))) {
          state.countRead(table, stored.bytes());
          found.put(stored.document().id(), stored.document());
        }
      }
      return found;
    });
  }

  @Override
  public SearchHits search(String table, String index, List<String> terms,
      Map<String, ConvexValue> filters, byte @Nullable [] statistics, int maxResults) {
    TableRegistry.SearchInfo search = engine.readableSearch(table, index);
    if (terms.isEmpty()) {
      return new SearchHits(List.of(), new byte[0]);
    }
    List<byte @Nullable []> filterKeys = new ArrayList<>();
    for (String field : search.schema().filterFields()) {
      filterKeys.add(filters.containsKey(field) ? SearchIndexes.filterKey(filters.get(field))
          : null);
    }
    if (!search.schema().filterFields().containsAll(filters.keySet())) {
      throw new InvalidIndexRangeException("Search index " + table + "." + index + " has filter "
          + "fields " + search.schema().filterFields() + "; a search cannot filter on "
          + filters.keySet());
    }
    return inTransaction(table, (c, state) -> {
      for (int i = 0; i < terms.size(); i++) {
        state.countIndexRange(table);
      }
      SearchIndexes.Statistics used = statistics == null ? null
          : SearchIndexes.Statistics.fromBytes(statistics, terms.size());
      if (used == null) {
        used = SearchIndexes.statistics(c, search, terms);
      }
      return new SearchHits(SearchIndexes.search(c, search, terms, filterKeys, used, maxResults),
          used.toBytes());
    });
  }

  @Override
  public Optional<String> normalizeId(String table, String id) {
    TableRegistry.TableInfo info = engine.registry().table(table);
    return DocumentId.tryDecode(id)
        .filter(d -> d.tableNumber() == info.number())
        .map(d -> id);
  }

  @Override
  public TableQuery query(String table) {
    return new JdbcQuery(this, engine.registry().table(table));
  }

  @Override
  public Iterator<IndexedDocument> scan(IndexRange range, Order order, byte @Nullable [] after,
      int expected) {
    return scan(range, order, after, false, expected);
  }

  @Override
  public Iterator<IndexedDocument> scan(IndexRange range, Order order, int skip, int expected) {
    if (skip < 0) {
      throw new IllegalArgumentException("skip must not be negative, got " + skip);
    }
    TableRegistry.IndexInfo index = readable(range);
    return new IndexScan(this, engine.registry().table(range.table()), index, range, order, null,
        expected, null, skip);
  }

  /** The readable index of {@code range}; fails when its fields are not the range's. */
  private TableRegistry.IndexInfo readable(IndexRange range) {
    TableRegistry.IndexInfo index = engine.readableIndex(range.table(), range.index().name());
    if (!index.schema().equals(range.index())) {
      throw new InvalidIndexRangeException("Index " + range.table() + "." + range.index().name()
          + " has fields " + index.schema().fields() + ", not " + range.index().fields());
    }
    return index;
  }

  @Override
  public Iterator<IndexedDocument> scan(IndexRange range, Order order, byte @Nullable [] from,
      boolean inclusive, int expected) {
    TableRegistry.TableInfo info = engine.registry().table(range.table());
    TableRegistry.IndexInfo index = readable(range);
    byte[] after = from;
    if (from != null && inclusive) {
      // Resuming at a key is resuming after the greatest key below it: for ascending reads the
      // start is the key itself; for descending reads the exclusive end is the key's successor.
      after = order == Order.DESC ? java.util.Arrays.copyOf(from, from.length + 1) : null;
      if (order == Order.ASC) {
        return new IndexScan(this, info, index, range, order, null, expected, from);
      }
    }
    return new IndexScan(this, info, index, range, order, after, expected, null);
  }

  @Override
  public List<RangeDocument> scanRanges(List<IndexRange> ranges, Order order, int limitPerRange) {
    if (limitPerRange < 1) {
      throw new IllegalArgumentException("limitPerRange must be at least 1, got " + limitPerRange);
    }
    if (ranges.isEmpty()) {
      return List.of();
    }
    IndexRange first = ranges.get(0);
    for (IndexRange range : ranges) {
      if (!range.table().equals(first.table()) || !range.index().equals(first.index())) {
        throw new IllegalArgumentException("scanRanges reads one index: got ranges of "
            + first.table() + "." + first.index().name() + " and " + range.table() + "."
            + range.index().name());
      }
    }
    TableRegistry.TableInfo info = engine.registry().table(first.table());
    TableRegistry.IndexInfo index = engine.readableIndex(first.table(), first.index().name());
    if (!index.schema().equals(first.index())) {
      throw new InvalidIndexRangeException("Index " + first.table() + "." + first.index().name()
          + " has fields " + index.schema().fields() + ", not " + first.index().fields());
    }
    return inTransaction(info.name(), (c, state) -> {
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < ranges.size(); i++) {
        state.countIndexRange(info.name());
        if (!ranges.get(i).isEmpty()) {
          positions.add(i);
        }
      }
      List<RangeDocument> result = new ArrayList<>();
      int chunk = engine.dialect().maxRangesPerStatement();
      for (int from = 0; from < positions.size(); from += chunk) {
        List<Integer> part = positions.subList(from, Math.min(positions.size(), from + chunk));
        List<byte[]> starts = new ArrayList<>(part.size());
        List<byte @Nullable []> ends = new ArrayList<>(part.size());
        for (int i : part) {
          starts.add(ranges.get(i).start());
          ends.add(ranges.get(i).end());
        }
        // One row past the documents left makes the read fail on the limit, not go unbounded.
        int maxRows = (int) Math.min(Integer.MAX_VALUE, state.documentsLeft() + 1L);
        for (JdbcDocumentStore.RangedDocument row : engine.store().scanRanges(c,
            info.physical(), index, starts, ends, order, limitPerRange, maxRows)) {
          state.countRead(info.name(), row.bytes());
          result.add(new RangeDocument(part.get(row.range()), row.key(), row.document()));
        }
      }
      return result;
    });
  }

  @Override
  public AggregateValues aggregate(String table, String index,
      List<@Nullable ConvexValue> prefix, Collection<String> min, Collection<String> max) {
    TableRegistry.TableInfo info = engine.registry().table(table);
    AggregateStore.Info aggregate = engine.aggregates().info(info.name(), index);
    return inTransaction(info.name(), (c, state) -> {
      state.countIndexRange(info.name());
      AggregateStore.Read read = engine.aggregates().read(c, aggregate, prefix, min,
          max);
      state.countReads(info.name(), read.rows(), read.bytes());
      return read.values();
    });
  }

  @Override
  public long[] aggregateCounts(String table, String index,
      List<List<@Nullable ConvexValue>> prefixes) {
    if (prefixes.isEmpty()) {
      return new long[0];
    }
    TableRegistry.TableInfo info = engine.registry().table(table);
    AggregateStore.Info aggregate = engine.aggregates().info(info.name(), index);
    return inTransaction(info.name(), (c, state) -> {
      for (int i = 0; i < prefixes.size(); i++) {
        state.countIndexRange(info.name());
      }
      AggregateStore.Counts read = engine.aggregates().counts(c, aggregate, prefixes);
      state.countReads(info.name(), read.rows(), read.bytes());
      return read.counts();
    });
  }

  @Override
  public AggregateValues rankTotals(String table, String index,
      List<@Nullable ConvexValue> partition) {
    return rankRead(table, index, (c, tree, reads) -> {
      RankTree.Totals totals = tree.totals(c, RankTree.partition(partition), reads);
      String sum = tree.sumField();
      return new AggregateValues(totals.count(), sum == null ? Map.of()
          : Map.of(sum, totals.sum()), Map.of(), Map.of());
    });
  }

  @Override
  public long rankOf(String table, String index, List<@Nullable ConvexValue> partition,
      Document doc) {
    return rankRead(table, index, (c, tree, reads) -> {
      byte[] part = RankTree.partition(partition);
      if (!java.util.Arrays.equals(part, tree.partition(doc))) {
        throw new IllegalArgumentException("Document " + doc.id() + " is not in the partition "
            + partition + " of rank index " + table + "." + index);
      }
      return tree.rank(c, part, tree.key(doc), reads);
    });
  }

  @Override
  public List<EngineInternals.RankEntry> rankEntries(String table, String index,
      List<@Nullable ConvexValue> partition, long offset, byte @Nullable [] after, int limit) {
    return rankRead(table, index, (c, tree, reads) -> {
      byte[] part = RankTree.partition(partition);
      byte[] from = after;
      if (from == null) {
        RankTree.Entry first = tree.at(c, part, offset, reads);
        if (first == null) {
          return List.of();
        }
        from = first.key();
      }
      return tree.from(c, part, from, after == null, limit, reads).stream()
          .map(e -> new EngineInternals.RankEntry(e.id(), e.key())).toList();
    });
  }

  private interface RankWork<T> {
    T run(Connection c, RankTree tree, RankTree.Reads reads) throws SQLException;
  }

  /** Runs one rank read of a ready rank index, counting the node rows it reads. */
  private <T> T rankRead(String table, String index, RankWork<T> work) {
    TableRegistry.TableInfo info = engine.registry().table(table);
    AggregateStore.Info rank = engine.aggregates().rankInfo(info.name(), index);
    return inTransaction(info.name(), (c, state) -> {
      state.countIndexRange(info.name());
      engine.aggregates().requireReadable(c, rank);
      RankTree.Reads reads = new RankTree.Reads();
      T result = work.run(c, java.util.Objects.requireNonNull(rank.rank()), reads);
      state.countReads(info.name(), reads.rows, reads.bytes);
      return result;
    });
  }

  @Override
  public Iterator<VectorHit> vectorSearch(VectorQuery query, int expected) {
    VectorTable vectors = VectorIndexes.readable(engine.registry(), query.table(),
        query.index());
    try {
      return inTransaction(query.table(), (c, state) -> {
        state.countIndexRange(query.table());
        return engine.vectors().search(c, vectors, query, expected);
      });
    }
    catch (IndexSetChangedException ex) {
      // Another build dropped or rebuilt the index: say so when it is gone from the new set.
      VectorIndexes.readable(engine.registry(), query.table(), query.index());
      throw ex;
    }
  }

  @Override
  public String insert(String table, Map<String, ?> fields) {
    return insert(table, fields, List.of(), List.of());
  }

  @Override
  public String insertIfParentsExist(String table, Map<String, ?> fields,
      List<String> parentTables, List<@Nullable String> parentIds) {
    if (parentTables.size() != parentIds.size()) {
      throw new IllegalArgumentException("One id per parent table: got " + parentTables
          + " and " + parentIds);
    }
    List<String> physical = new ArrayList<>(parentTables.size());
    for (String parent : parentTables) {
      physical.add(engine.registry().table(parent).physical().name());
    }
    return insert(table, fields, physical, parentIds);
  }

  @Override
  public void flush(String table) {
    engine.registry().table(table);
    runInTransaction(table, (c, s) -> { });
  }

  private String insert(String table, Map<String, ?> fields, List<String> parentTables,
      List<@Nullable String> parentIds) {
    TableRegistry.TableInfo info = engine.registry().table(table);
    ConvexObject object = toObject(info, fields);
    String id = DocumentId.generate(info.number()).encode();
    // The size counts the system fields; a Float64 creation time is 9 bytes whatever its value.
    check(info, new Document(table, id, 0, object));
    TransactionState state = engine.currentState();
    requireWritable(state, table);
    Document doc = new Document(table, id, state.nextCreationTime(engine.now()), object);
    JdbcDocumentStore.Row row = JdbcDocumentStore.row(info.physical(), doc);
    if (!parentTables.isEmpty()) {
      row = row.requiring(List.copyOf(parentTables), new ArrayList<>(parentIds));
    }
    state.countWrite(table, row.body().length());
    state.addPending(info.physical(), row);
    if (state.pendingCount(table) >= MAX_PENDING_ROWS) {
      runInTransaction(table, (c, s) -> { });
    }
    return id;
  }

  @Override
  public void patch(String id, Map<String, ?> fields) {
    Document current = requireExisting(id, "Update");
    TableRegistry.TableInfo info = engine.registry().table(current.table());
    TreeMap<String, ConvexValue> merged = new TreeMap<>(current.fields().fields());
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      checkUserField(info, e.getKey());
      if (e.getValue() == UNSET) {
        merged.remove(e.getKey());
      }
      else {
        merged.put(e.getKey(), convert(info, e.getKey(), e.getValue()));
      }
    }
    write(info, current, true, new ConvexObject(merged));
  }

  @Override
  public void replace(String id, Map<String, ?> fields) {
    Document current = requireExisting(id, "Replace");
    TableRegistry.TableInfo info = engine.registry().table(current.table());
    write(info, current, true, toObject(info, fields));
  }

  /**
   * One {@code DELETE}, no read first: a delete removes every key column with the row, so it
   * needs neither the document nor the index set; no row deleted means it did not exist.
   */
  @Override
  public void delete(String id) {
    TableRegistry.TableInfo info = tableOf(id, "Delete");
    boolean deleted = info != null && inTransaction(info.name(), (c, state) -> {
      requireWritable(state, info.name());
      // An aggregate index needs the document as it was; other tables delete without a read.
      JdbcDocumentStore.StoredDocument old = engine.aggregates().of(info.name()).isEmpty() ? null
          : engine.store().get(c, info.physical(), id);
      boolean existed = engine.store().delete(c, info.physical(), id);
      if (existed) {
        engine.vectors().deleted(c, engine.registry(), info.name(), id);
        state.countWrite(info.name(), 0);
        if (old != null) {
          engine.aggregates().write(c, info.name(), List.of(old.document()), List.of());
        }
      }
      return existed;
    });
    if (!deleted) {
      throw nonexistent("Delete", id);
    }
  }

  @Override
  public void replace(Document current, Map<String, ?> fields) {
    TableRegistry.TableInfo info = engine.registry().table(current.table());
    if (current.creationTime() == 0 || DocumentId.decode(current.id()).tableNumber()
        != info.number()) {
      replace(current.id(), fields); // not a document as read: read it
      return;
    }
    write(info, current, false, toObject(info, fields));
  }

  /**
   * Updates {@code current} to {@code fields} in one statement that changes nothing when the
   * index set moved since the transaction began (then the registry is reloaded and the
   * mutation re-run, {@link IndexSetChangedException}) or the row is gone.
   *
   * @param currentKnown whether {@code current} was read by this call, so its keys are known
   */
  private void write(TableRegistry.TableInfo info, Document current, boolean currentKnown,
      ConvexObject fields) {
    Document updated = new Document(info.name(), current.id(), current.creationTime(), fields);
    check(info, updated);
    runInTransaction(info.name(), (c, state) -> {
      requireWritable(state, info.name());
      // An aggregate index needs the document as stored, not as the caller passed it.
      Document old = currentKnown || engine.aggregates().of(info.name()).isEmpty() ? current
          : storedOrGiven(c, info, current);
      int bytes = engine.store().update(c, info.physical(), current, currentKnown, updated,
          state.indexVersion());
      if (bytes < 0) {
        if (engine.reloadIndexes(state.indexVersion())) {
          // An engine started before another build changed the index set learns of it before
          // its write counts: the write is computed again with the new key columns.
          throw new IndexSetChangedException(info.name());
        }
        throw nonexistent("Replace", current.id());
      }
      engine.vectors().replaced(c, engine.registry(), info.name(), current, currentKnown,
          updated);
      state.countWrite(info.name(), bytes);
      engine.aggregates().write(c, info.name(), List.of(old), List.of(updated));
    });
  }

  private Document storedOrGiven(Connection c, TableRegistry.TableInfo info, Document current)
      throws SQLException {
    JdbcDocumentStore.StoredDocument stored = engine.store().get(c, info.physical(),
        current.id());
    return stored == null ? current : stored.document();
  }

  /** Checks Convex's document limits on the whole document, then the table's schema. */
  private static void check(TableRegistry.TableInfo info, Document document) {
    ConvexObject whole = document.toObject();
    try {
      DocumentLimits.checkLimits(info.name(), whole);
    }
    catch (IllegalArgumentException ex) {
      throw new DocumentTooLargeException(info.name(), DocumentLimits.size(whole),
          messageOf(ex), ex);
    }
    SchemaValidation.check(info.schema(), document.fields());
  }

  private Document requireExisting(String id, String operation) {
    TableRegistry.TableInfo table = tableOf(id, operation);
    return Optional.ofNullable(table).flatMap(t -> read(t, id))
        .map(JdbcDocumentStore.StoredDocument::document)
        .orElseThrow(() -> nonexistent(operation, id));
  }

  /** The table an id names, or null when the schema has none; fails on a malformed id. */
  private TableRegistry.@Nullable TableInfo tableOf(String id, String operation) {
    DocumentId decoded;
    try {
      decoded = DocumentId.decode(id);
    }
    catch (IllegalArgumentException ex) {
      throw new InvalidDocumentException(operation + " on invalid document ID \"" + id + "\": "
          + ex.getMessage(), ex);
    }
    return engine.registry().tableByNumber(decoded.tableNumber());
  }

  private static InvalidDocumentException nonexistent(String operation, String id) {
    return new InvalidDocumentException(operation + " on nonexistent document ID " + id);
  }

  private static void requireWritable(TransactionState state, String table) {
    if (state.readOnly()) {
      throw new InvalidDocumentException("Can't write to table \"" + table
          + "\" in a read-only transaction");
    }
  }

  private static ConvexObject toObject(TableRegistry.TableInfo info, Map<String, ?> fields) {
    TreeMap<String, ConvexValue> values = new TreeMap<>();
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      checkUserField(info, e.getKey());
      if (e.getValue() == UNSET) {
        continue;
      }
      values.put(e.getKey(), convert(info, e.getKey(), e.getValue()));
    }
    return new ConvexObject(values);
  }

  private static ConvexValue convert(TableRegistry.TableInfo info, String field,
      @Nullable Object value) {
    try {
      return JavaValues.toValue(value);
    }
    catch (IllegalArgumentException ex) {
      throw new InvalidValueException(info.name(), field, messageOf(ex), ex);
    }
  }

  private static void checkUserField(TableRegistry.TableInfo info, String field) {
    if (field.startsWith("_")) {
      throw new InvalidDocumentException("Field \"" + field + "\" of table \"" + info.name()
          + "\" can't be written: fields starting with \"_\" are system fields, set by the engine");
    }
    String problem = ConvexObject.fieldNameProblem(field);
    if (problem != null) {
      throw new InvalidValueException(info.name(), field, "invalid field name: " + problem, null);
    }
  }

  /** The message of a refused value, or the exception's name when it has none. */
  private static String messageOf(IllegalArgumentException ex) {
    String message = ex.getMessage();
    return message != null ? message : ex.toString();
  }
}
