package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The vector indexes of the store: each write keeps their tables ({@link VectorTable}) current
 * in the same transaction (one call per write site of {@link JdbcDatabase}: inserted rows when
 * they are sent, a replaced document, a deleted id), and {@link #search} reads one exactly:
 * every stored vector the filter keeps (the filter runs in SQL on the filter-field keys), scored
 * in Java, the best kept in a bounded heap.
 */
final class VectorIndexes {

  /** Rows fetched per round trip while reading the vectors of an index. */
  private static final int FETCH_SIZE = 1000;

  /** Sends the vector rows of documents just inserted into {@code table}. */
  void inserted(Connection c, TableRegistry registry, PhysicalTable table,
      List<JdbcDocumentStore.Row> rows) throws SQLException {
    for (VectorTable vectors : registry.vectorTables(table.tableName())) {
      List<VectorTable.Entry> entries = new ArrayList<>(rows.size());
      for (JdbcDocumentStore.Row row : rows) {
        VectorTable.Entry entry = vectors.entry(row.document());
        if (entry != null) {
          entries.add(entry);
        }
      }
      insert(c, vectors, entries);
    }
  }

  /**
   * Brings the vector rows of a replaced document in line with {@code updated}; with
   * {@code oldKnown} (the document as stored before the write), a row that did not change is
   * not written.
   */
  void replaced(Connection c, TableRegistry registry, String table, Document old,
      boolean oldKnown, Document updated) throws SQLException {
    for (VectorTable vectors : registry.vectorTables(table)) {
      VectorTable.Entry after = vectors.entry(updated);
      if (oldKnown) {
        VectorTable.Entry before = vectors.entry(old);
        if (after == null ? before == null : after.sameAs(before)) {
          continue;
        }
      }
      if (after == null) {
        delete(c, vectors, updated.id());
        continue;
      }
      try (PreparedStatement ps = c.prepareStatement(vectors.updateSql())) {
        int p = 1;
        for (byte[] key : after.filterKeys()) {
          ps.setBytes(p++, key);
        }
        ps.setBytes(p++, after.vector());
        ps.setString(p, after.id());
        if (ps.executeUpdate() > 0) {
          continue;
        }
      }
      insert(c, vectors, List.of(after));
    }
  }

  /** Removes the vector rows of a deleted document. */
  void deleted(Connection c, TableRegistry registry, String table, String id)
      throws SQLException {
    for (VectorTable vectors : registry.vectorTables(table)) {
      delete(c, vectors, id);
    }
  }

  static void insert(Connection c, VectorTable vectors, List<VectorTable.Entry> entries)
      throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(vectors.insertSql())) {
      for (VectorTable.Entry entry : entries) {
        int p = 1;
        ps.setString(p++, entry.id());
        for (byte[] key : entry.filterKeys()) {
          ps.setBytes(p++, key);
        }
        ps.setBytes(p, entry.vector());
        if (entries.size() == 1) {
          ps.executeUpdate();
          return;
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void delete(Connection c, VectorTable vectors, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM " + vectors.name() + " WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  /**
   * Scores every vector of the index the filter keeps and returns the hits best first (score
   * descending, then id ascending): the first {@code expected} come from a bounded heap, the
   * rest (only when the caller reads past them) from a sort of the others.
   */
  Iterator<VectorHit> search(Connection c, VectorTable vectors, VectorQuery query,
      int expected) throws SQLException {
    float[] vector = query.vector();
    if (vector.length != vectors.schema().dimensions()) {
      throw new InvalidIndexRangeException("Vector index " + vectors.tableName() + "."
          + vectors.schema().name() + " has " + vectors.schema().dimensions()
          + " dimensions; the query vector has " + vector.length);
    }
    List<String> fields = vectors.schema().filterFields();
    StringBuilder where = new StringBuilder();
    List<byte[]> parameters = new ArrayList<>();
    for (Map<String, ConvexValue> alternative : query.anyOf()) {
      where.append(where.length() == 0 ? " WHERE (" : " OR (");
      if (alternative.isEmpty()) {
        where.append("1 = 1");
      }
      int n = 0;
      for (Map.Entry<String, ConvexValue> eq : alternative.entrySet()) {
        int column = fields.indexOf(eq.getKey());
        if (column < 0) {
          throw new InvalidIndexRangeException("Field " + eq.getKey() + " is not a filter field "
              + "of vector index " + vectors.tableName() + "." + vectors.schema().name()
              + " (filter fields: " + fields + ")");
        }
        where.append(n++ == 0 ? "" : " AND ").append('f').append(column).append(" = ?");
        parameters.add(vectors.filterKey(null, eq.getKey(), eq.getValue()));
      }
      where.append(')');
    }
    double norm = VectorScoring.norm(vector);
    Scores scores = new Scores();
    float[] stored = new float[vector.length];
    // Not the one-argument prepareStatement: the transaction's isolation prefix is then sent on
    // its own, so this statement stays a prepared one whose rows PostgreSQL streams by the fetch
    // size (a multi-statement string would bring every vector at once, as text).
    try (PreparedStatement ps = c.prepareStatement("SELECT id, vec FROM " + vectors.name()
        + where, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setBytes(i + 1, parameters.get(i));
      }
      ps.setFetchSize(FETCH_SIZE);
      vectors.dialect().binaryRows(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          VectorTable.read(rs.getBytes(2), stored);
          double score = query.scoring().score(vector, norm, stored);
          if (query.scores().test(score)) {
            scores.add(rs.getString(1), score);
          }
        }
      }
    }
    return scores.ranking(expected);
  }

  /** The scores read, then the hits best first. */
  private static final class Scores {

    private String[] ids = new String[256];
    private double[] values = new double[256];
    private int size;

    void add(String id, double score) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      ids[size] = id;
      values[size++] = score;
    }

    /** Whether hit {@code a} ranks before hit {@code b}; a NaN score ranks last. */
    boolean before(int a, int b) {
      int c = Double.compare(rank(values[b]), rank(values[a]));
      return c != 0 ? c < 0 : ids[a].compareTo(ids[b]) < 0;
    }

    private static double rank(double score) {
      return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }

    /** The hits best first: the first {@code expected} from a heap, the others sorted after. */
    Iterator<VectorHit> ranking(int expected) {
      return new Iterator<>() {
        /** Hit positions in rank order: the first batch, then the others. */
        private int[] ranked = new int[0];
        private int next;
        private int phase;

        @Override
        public boolean hasNext() {
          if (next < ranked.length) {
            return true;
          }
          if (phase == 0) {
            ranked = top(Math.max(1, Math.min(size, expected)));
          }
          else if (phase == 1 && ranked.length < size) {
            ranked = others(ranked);
          }
          else {
            return false;
          }
          phase++;
          next = 0;
          return next < ranked.length;
        }

        @Override
        public VectorHit next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int i = ranked[next++];
          return new VectorHit(ids[i], values[i]);
        }
      };
    }

    /** The best {@code k} hit positions, best first, through a heap of at most k. */
    int[] top(int k) {
      Comparator<Integer> worstFirst = (a, b) -> before(a, b) ? 1 : before(b, a) ? -1 : 0;
      PriorityQueue<Integer> heap = new PriorityQueue<>(k, worstFirst);
      for (int i = 0; i < size; i++) {
        if (heap.size() < k) {
          heap.add(i);
        }
        else if (before(i, heap.element())) {
          heap.poll();
          heap.add(i);
        }
      }
      int[] result = new int[heap.size()];
      for (int i = result.length - 1; i >= 0; i--) {
        result[i] = heap.poll();
      }
      return result;
    }

    /** Every hit position not in {@code first}, best first. */
    int[] others(int[] first) {
      boolean[] taken = new boolean[size];
      for (int i : first) {
        taken[i] = true;
      }
      Integer[] rest = new Integer[size - first.length];
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (!taken[i]) {
          rest[n++] = i;
        }
      }
      Arrays.sort(rest, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
      int[] result = new int[n];
      for (int i = 0; i < n; i++) {
        result[i] = rest[i];
      }
      return result;
    }
  }

  /** The declared vector index {@code index} of {@code table}, for a read. */
  static VectorTable readable(TableRegistry registry, String table, String index) {
    TableRegistry.TableInfo info = registry.table(table);
    VectorTable vectors = registry.declaredVectorTable(table, index);
    if (vectors != null) {
      return vectors;
    }
    boolean declared = info.schema().vectorIndexes().stream()
        .anyMatch(v -> v.name().equals(index));
    throw new InvalidIndexRangeException(declared
        ? "Vector index " + table + "." + index + " is declared, but the database holds no "
            + "vector index " + index + " with its definition (another build dropped or changed "
            + "it; restart this build to create it)"
        : "Vector index " + table + "." + index + " not found; table \"" + table
            + "\" has vector indexes " + info.schema().vectorIndexes().stream()
            .map(v -> v.name()).toList());
  }
}
