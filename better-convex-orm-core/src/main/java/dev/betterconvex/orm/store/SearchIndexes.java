package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The inverted index of every search index, in the database, written in the transaction of
 * each document write and read by {@link #search}: every SQL statement of text search.
 *
 * <p>Per search index (id {@code n}, given by the database, never reused):
 * <ul>
 *   <li>{@code bc_x<n>}: one posting per term of a document: {@code term} (UTF-8 bytes of the
 *       analyzed term), {@code doc_id}, {@code tf} (how often the term occurs in the search
 *       field), {@code doc_length} (the document's terms, so that ranking joins nothing) and
 *       one column {@code f<i>} per filter field, the field's value in the
 *       order-preserving key encoding; primary key {@code (term, f0, f1, ..., doc_id)} (a
 *       filtered search reads only the postings it keeps), an index on {@code doc_id} for
 *       deletes;</li>
 *   <li>{@code bc_x<n>_docs}: one row per document of the table, with its length in terms (0
 *       when the search field is missing, not a string, or has no terms), so that the last step
 *       of a build finds the documents no write indexed;</li>
 *   <li>{@code bc_x<n>_stats}: {@value #SHARDS} rows of the document count and total length of
 *       the documents with terms, for BM25; a write updates the row of its document's shard (a
 *       stable hash of the id), so concurrent writes seldom update the same row.</li>
 * </ul>
 * Nothing is kept in memory: many application instances read and write the same tables.
 */
final class SearchIndexes {

  /** How many rows the statistics of one search index are spread over. */
  static final int SHARDS = 16;

  /** BM25's term-frequency saturation. */
  static final double K1 = 1.2;

  /** BM25's length normalization. */
  static final double B = 0.75;

  private SearchIndexes() {
  }

  static String postings(TableRegistry.SearchInfo search) {
    return "bc_x" + search.id();
  }

  static String docs(TableRegistry.SearchInfo search) {
    return postings(search) + "_docs";
  }

  static String stats(TableRegistry.SearchInfo search) {
    return postings(search) + "_stats";
  }

  /** The DDL creating the three tables of a search index, idempotently, with its shards. */
  static List<String> createSql(SqlDialect dialect, TableRegistry.SearchInfo search) {
    StringBuilder postings = new StringBuilder("CREATE TABLE IF NOT EXISTS " + postings(search)
        + " (term " + dialect.binaryType() + " NOT NULL, doc_id " + dialect.idType()
        + " NOT NULL, tf INTEGER NOT NULL, doc_length INTEGER NOT NULL");
    for (int i = 0; i < search.schema().filterFields().size(); i++) {
      postings.append(", f").append(i).append(' ').append(dialect.binaryType()).append(" NOT NULL");
    }
    // The key leads with the term, then the filter fields in their declared order, so a search
    // with equalities on the leading filter fields reads only the postings they keep.
    StringBuilder key = new StringBuilder("term");
    for (int i = 0; i < search.schema().filterFields().size(); i++) {
      key.append(", f").append(i);
    }
    postings.append(", PRIMARY KEY (").append(key).append(", doc_id))");
    List<String> ddl = new ArrayList<>();
    ddl.add(postings.toString());
    ddl.add("CREATE INDEX IF NOT EXISTS " + postings(search) + "_doc ON " + postings(search)
        + " (doc_id)");
    ddl.addAll(List.of(
        "CREATE TABLE IF NOT EXISTS " + docs(search) + " (doc_id " + dialect.idType()
            + " PRIMARY KEY, doc_length INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS " + stats(search) + " (shard INTEGER PRIMARY KEY, "
            + "doc_count BIGINT NOT NULL, total_length BIGINT NOT NULL)"));
    return ddl;
  }

  /** Creates the tables of a new search index (inside the bootstrap transaction). */
  static void create(Connection c, SqlDialect dialect, TableRegistry.SearchInfo search)
      throws SQLException {
    for (String ddl : createSql(dialect, search)) {
      StoreBootstrap.exec(c, ddl);
    }
    StoreBootstrap.exec(c, "DELETE FROM " + stats(search));
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + stats(search)
        + " (shard, doc_count, total_length) VALUES (?, 0, 0)")) {
      for (int shard = 0; shard < SHARDS; shard++) {
        ps.setInt(1, shard);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Drops the tables of a search index. */
  static void drop(Connection c, TableRegistry.SearchInfo search) throws SQLException {
    StoreBootstrap.exec(c, "DROP TABLE IF EXISTS " + postings(search));
    StoreBootstrap.exec(c, "DROP TABLE IF EXISTS " + docs(search));
    StoreBootstrap.exec(c, "DROP TABLE IF EXISTS " + stats(search));
  }

  // ---------------------------------------------------------------------------------------
  // Maintenance: one call per write of the store.

  /** Indexes documents just inserted into {@code table}, in every search index it has. */
  static void inserted(Connection c, PhysicalTable table, List<Document> documents)
      throws SQLException {
    for (TableRegistry.SearchInfo search : table.searchIndexes()) {
      index(c, table.dialect(), search, documents);
    }
  }

  /**
   * Re-indexes a document after an update, in every search index whose search or filter
   * fields changed (all of them when the old document is not known).
   */
  static void updated(Connection c, PhysicalTable table, Document old, boolean oldKnown,
      Document updated) throws SQLException {
    for (TableRegistry.SearchInfo search : table.searchIndexes()) {
      if (oldKnown && sameEntry(search, old, updated)) {
        continue;
      }
      unindex(c, table.dialect(), search, List.of(updated.id()));
      index(c, table.dialect(), search, List.of(updated));
    }
  }

  /** Removes a deleted document from every search index of {@code table}. */
  static void deleted(Connection c, PhysicalTable table, String id) throws SQLException {
    for (TableRegistry.SearchInfo search : table.searchIndexes()) {
      unindex(c, table.dialect(), search, List.of(id));
    }
  }

  private static boolean sameEntry(TableRegistry.SearchInfo search, Document a, Document b) {
    if (!java.util.Objects.equals(a.get(search.schema().searchField()),
        b.get(search.schema().searchField()))) {
      return false;
    }
    for (String field : search.schema().filterFields()) {
      if (!java.util.Objects.equals(a.get(field), b.get(field))) {
        return false;
      }
    }
    return true;
  }

  /** The terms of a document's search field: none when it is missing or not a string. */
  static List<String> documentTerms(TableRegistry.SearchInfo search, Document doc) {
    ConvexValue text = doc.get(search.schema().searchField());
    return text instanceof ConvexString s ? TextAnalysis.terms(s.value()) : List.of();
  }

  /** The stored form of a document's filter field {@code i} (a missing value included). */
  static byte[] filterKey(@Nullable ConvexValue value) {
    return KeyEncoding.encodeTuple(Collections.singletonList(value));
  }

  static int shard(String id) {
    return Math.floorMod(id.hashCode(), SHARDS);
  }

  /** One posting: a term of a document, its frequency and the document's length. */
  private record Posting(byte[] term, String docId, int tf, int docLength, List<byte[]> filters) {
  }

  /**
   * Writes the postings, lengths and statistics of documents not yet in the index: on a database
   * with array parameters ({@link SqlDialect#arrayParameters()}) one statement of fixed text for
   * any number of documents and terms, else three JDBC batches.
   */
  static void index(Connection c, SqlDialect dialect, TableRegistry.SearchInfo search,
      List<Document> documents) throws SQLException {
    if (documents.isEmpty()) {
      return;
    }
    int filters = search.schema().filterFields().size();
    long[] counts = new long[SHARDS];
    long[] lengths = new long[SHARDS];
    List<Posting> postings = new ArrayList<>();
    Integer[] docLengths = new Integer[documents.size()];
    for (int d = 0; d < documents.size(); d++) {
      Document doc = documents.get(d);
      List<String> terms = documentTerms(search, doc);
      docLengths[d] = terms.size();
      if (terms.isEmpty()) {
        continue;
      }
      counts[shard(doc.id())]++;
      lengths[shard(doc.id())] += terms.size();
      Map<String, Integer> frequencies = new LinkedHashMap<>();
      for (String term : terms) {
        frequencies.merge(term, 1, Integer::sum);
      }
      List<byte[]> filterKeys = new ArrayList<>(filters);
      int filterBytes = 0;
      for (String field : search.schema().filterFields()) {
        byte[] key = filterKey(doc.get(field));
        filterKeys.add(key);
        filterBytes += key.length;
      }
      int longestTerm = 0;
      for (String term : frequencies.keySet()) {
        longestTerm = Math.max(longestTerm, term.getBytes(StandardCharsets.UTF_8).length);
      }
      if (longestTerm + filterBytes > JdbcDocumentStore.MAX_KEY_BYTES) {
        throw new InvalidDocumentException("Search index key of document " + doc.id()
            + " in search index " + doc.table() + "." + search.schema().name() + " is "
            + (longestTerm + filterBytes) + " bytes (its longest term and its filter fields' "
            + "values); the limit is " + JdbcDocumentStore.MAX_KEY_BYTES + " bytes");
      }
      for (Map.Entry<String, Integer> e : frequencies.entrySet()) {
        postings.add(new Posting(e.getKey().getBytes(StandardCharsets.UTF_8), doc.id(),
            e.getValue(), terms.size(), filterKeys));
      }
    }
    if (dialect.arrayParameters()) {
      indexInOneStatement(c, search, documents, docLengths, postings, counts, lengths);
      return;
    }
    StringBuilder sql = new StringBuilder("INSERT INTO " + postings(search)
        + " (term, doc_id, tf, doc_length");
    for (int i = 0; i < filters; i++) {
      sql.append(", f").append(i);
    }
    sql.append(") VALUES (?, ?, ?, ?").append(", ?".repeat(filters)).append(')');
    try (PreparedStatement docs = c.prepareStatement("INSERT INTO " + docs(search)
        + " (doc_id, doc_length) VALUES (?, ?)")) {
      for (int d = 0; d < documents.size(); d++) {
        docs.setString(1, documents.get(d).id());
        docs.setInt(2, docLengths[d]);
        docs.addBatch();
      }
      docs.executeBatch();
    }
    if (!postings.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (Posting posting : postings) {
          ps.setBytes(1, posting.term());
          ps.setString(2, posting.docId());
          ps.setInt(3, posting.tf());
          ps.setInt(4, posting.docLength());
          for (int i = 0; i < filters; i++) {
            ps.setBytes(5 + i, posting.filters().get(i));
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    addStatistics(c, search, counts, lengths, 1);
  }

  /**
   * The writes of {@link #index} as one statement (one round trip, one execution): the
   * documents' lengths, the statistics and the postings, each from {@code unnest} of array
   * parameters, the first two as data-modifying {@code WITH} parts of the postings' insert.
   */
  private static void indexInOneStatement(Connection c, TableRegistry.SearchInfo search,
      List<Document> documents, Integer[] docLengths, List<Posting> postings, long[] counts,
      long[] lengths) throws SQLException {
    int filters = search.schema().filterFields().size();
    StringBuilder sql = new StringBuilder("WITH d AS (INSERT INTO " + docs(search)
        + " (doc_id, doc_length) SELECT * FROM unnest(?::text[], ?::int4[])), s AS (UPDATE "
        + stats(search) + " SET doc_count = doc_count + u.c, total_length = total_length + u.l"
        + " FROM unnest(?::int4[], ?::int8[], ?::int8[]) AS u (shard, c, l) WHERE "
        + stats(search) + ".shard = u.shard) INSERT INTO " + postings(search)
        + " (term, doc_id, tf, doc_length");
    for (int i = 0; i < filters; i++) {
      sql.append(", f").append(i);
    }
    sql.append(") SELECT * FROM unnest(?::bytea[], ?::text[], ?::int4[], ?::int4[]")
        .append(", ?::bytea[]".repeat(filters)).append(')');
    List<Integer> shards = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      if (counts[shard] != 0) {
        shards.add(shard);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      ps.setArray(p++, c.createArrayOf("text",
          documents.stream().map(Document::id).toArray()));
      ps.setArray(p++, c.createArrayOf("int4", docLengths));
      ps.setArray(p++, c.createArrayOf("int4", shards.toArray()));
      ps.setArray(p++, c.createArrayOf("int8",
          shards.stream().map(shard -> counts[shard]).toArray()));
      ps.setArray(p++, c.createArrayOf("int8",
          shards.stream().map(shard -> lengths[shard]).toArray()));
      ps.setArray(p++, c.createArrayOf("bytea",
          postings.stream().map(Posting::term).toArray(byte[][]::new)));
      ps.setArray(p++, c.createArrayOf("text",
          postings.stream().map(Posting::docId).toArray()));
      ps.setArray(p++, c.createArrayOf("int4",
          postings.stream().map(Posting::tf).toArray()));
      ps.setArray(p++, c.createArrayOf("int4",
          postings.stream().map(Posting::docLength).toArray()));
      for (int i = 0; i < filters; i++) {
        int filter = i;
        ps.setArray(p++, c.createArrayOf("bytea",
            postings.stream().map(posting -> posting.filters().get(filter))
                .toArray(byte[][]::new)));
      }
      ps.executeUpdate();
    }
  }

  /** Removes the postings, lengths and statistics of these documents, where indexed. */
  static void unindex(Connection c, SqlDialect dialect, TableRegistry.SearchInfo search,
      Collection<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    if (dialect.arrayParameters()) {
      unindexInOneStatement(c, search, ids);
      return;
    }
    String in = " IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
    long[] counts = new long[SHARDS];
    long[] lengths = new long[SHARDS];
    boolean found = false;
    try (PreparedStatement ps = c.prepareStatement("SELECT doc_id, doc_length FROM "
        + docs(search) + " WHERE doc_id" + in)) {
      bindAll(ps, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found = true;
          int length = rs.getInt(2);
          if (length > 0) {
            counts[shard(rs.getString(1))]++;
            lengths[shard(rs.getString(1))] += length;
          }
        }
      }
    }
    if (!found) {
      return;
    }
    for (String table : List.of(postings(search), docs(search))) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE doc_id"
          + in)) {
        bindAll(ps, ids);
        ps.executeUpdate();
      }
    }
    addStatistics(c, search, counts, lengths, -1);
  }

  /**
   * The writes of {@link #unindex} as one statement: the lengths deleted (and returned), the
   * postings deleted, and the statistics of their shards (computed here, passed beside the ids)
   * lowered by what was deleted.
   */
  private static void unindexInOneStatement(Connection c, TableRegistry.SearchInfo search,
      Collection<String> ids) throws SQLException {
    String sql = "WITH g AS (DELETE FROM " + docs(search) + " WHERE doc_id = ANY (?::text[]) "
        + "RETURNING doc_id, doc_length), p AS (DELETE FROM " + postings(search)
        + " WHERE doc_id = ANY (?::text[])) UPDATE " + stats(search) + " SET doc_count = "
        + "doc_count - u.c, total_length = total_length - u.l FROM (SELECT s.shard, COUNT(*) AS c,"
        + " SUM(g.doc_length) AS l FROM g JOIN unnest(?::text[], ?::int4[]) AS s (id, shard) ON "
        + "s.id = g.doc_id WHERE g.doc_length > 0 GROUP BY s.shard) AS u WHERE " + stats(search)
        + ".shard = u.shard";
    Object[] array = new java.util.LinkedHashSet<>(ids).toArray();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", array));
      ps.setArray(2, c.createArrayOf("text", array));
      ps.setArray(3, c.createArrayOf("text", array));
      ps.setArray(4, c.createArrayOf("int4", java.util.Arrays.stream(array)
          .map(id -> shard((String) id)).toArray()));
      ps.executeUpdate();
    }
  }

  private static void bindAll(PreparedStatement ps, Collection<String> ids) throws SQLException {
    int p = 1;
    for (String id : ids) {
      ps.setString(p++, id);
    }
  }

  private static void addStatistics(Connection c, TableRegistry.SearchInfo search, long[] counts,
      long[] lengths, int sign) throws SQLException {
    boolean any = false;
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + stats(search)
        + " SET doc_count = doc_count + ?, total_length = total_length + ? WHERE shard = ?")) {
      for (int shard = 0; shard < SHARDS; shard++) {
        if (counts[shard] == 0) {
          continue;
        }
        ps.setLong(1, sign * counts[shard]);
        ps.setLong(2, sign * lengths[shard]);
        ps.setInt(3, shard);
        ps.addBatch();
        any = true;
      }
      if (any) {
        ps.executeBatch();
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Reading.

  /**
   * The corpus statistics a ranking used: the documents with terms, their total length, and
   * the document frequency of each query term (of the last one as a prefix: the documents
   * holding a term that starts with it). A later page ranks with the same statistics.
   */
  record Statistics(long documents, long totalLength, long[] frequencies) {

    byte[] toBytes() {
      ByteBuffer out = ByteBuffer.allocate(16 + 8 * frequencies.length);
      out.putLong(documents).putLong(totalLength);
      for (long f : frequencies) {
        out.putLong(f);
      }
      return out.array();
    }

    static @Nullable Statistics fromBytes(byte[] bytes, int terms) {
      if (bytes.length != 16 + 8 * terms) {
        return null;
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long documents = in.getLong();
      long total = in.getLong();
      long[] frequencies = new long[terms];
      for (int i = 0; i < terms; i++) {
        frequencies[i] = in.getLong();
      }
      return new Statistics(documents, total, frequencies);
    }
  }

  /**
   * Ranks the documents matching {@code terms} (each exact, the last one also as a prefix)
   * whose filter fields equal {@code filters} (by position, null: not filtered) by BM25, highest
   * first, ties by id; at most {@code maxResults}. Returns the hits and the statistics used:
   * {@code frozen} when given (a later page), else read from the index now.
   */
  static List<SearchHits.Hit> search(Connection c, TableRegistry.SearchInfo search,
      List<String> terms, List<byte @Nullable []> filters, Statistics statistics, int maxResults)
      throws SQLException {
    double average = statistics.documents() == 0 ? 1
        : Math.max(1e-9, (double) statistics.totalLength() / statistics.documents());
    Map<String, double[]> scores = new HashMap<>();
    for (int t = 0; t < terms.size(); t++) {
      boolean prefix = t == terms.size() - 1;
      double idf = idf(statistics.documents(), statistics.frequencies()[t]);
      // An exact term has one posting per document; the prefix sums the words it starts.
      StringBuilder sql = new StringBuilder(prefix
          ? "SELECT doc_id, SUM(tf), MIN(doc_length) FROM " : "SELECT doc_id, tf, doc_length FROM ")
          .append(postings(search)).append(" WHERE ").append(termCondition(prefix));
      for (int i = 0; i < filters.size(); i++) {
        if (filters.get(i) != null) {
          sql.append(" AND f").append(i).append(" = ?");
        }
      }
      if (prefix) {
        sql.append(" GROUP BY doc_id");
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int p = bindTerm(ps, 1, terms.get(t), prefix);
        for (byte[] filter : filters) {
          if (filter != null) {
            ps.setBytes(p++, filter);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double tf = rs.getLong(2);
            double length = rs.getInt(3);
            double weight = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average));
            double[] score = scores.computeIfAbsent(rs.getString(1), k -> new double[terms.size()]);
            score[t] = weight;
          }
        }
      }
    }
    List<SearchHits.Hit> hits = new ArrayList<>(scores.size());
    scores.forEach((id, perTerm) -> {
      double sum = 0;
      for (double w : perTerm) {
        sum += w; // in term order: the same sum on every database
      }
      hits.add(new SearchHits.Hit(id, sum));
    });
    hits.sort(SearchHits.Hit.ORDER);
    return hits.size() > maxResults ? new ArrayList<>(hits.subList(0, maxResults)) : hits;
  }

  /** Reads the statistics of {@code terms} (the last one as a prefix) from the index now. */
  static Statistics statistics(Connection c, TableRegistry.SearchInfo search, List<String> terms)
      throws SQLException {
    long documents = 0;
    long total = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(doc_count), 0), "
        + "COALESCE(SUM(total_length), 0) FROM " + stats(search));
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        documents = rs.getLong(1);
        total = rs.getLong(2);
      }
    }
    long[] frequencies = new long[terms.size()];
    for (int t = 0; t < terms.size(); t++) {
      boolean prefix = t == terms.size() - 1;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(" + (prefix ? "DISTINCT " : "")
          + "doc_id) FROM " + postings(search) + " WHERE " + termCondition(prefix))) {
        bindTerm(ps, 1, terms.get(t), prefix);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          frequencies[t] = rs.getLong(1);
        }
      }
    }
    return new Statistics(documents, total, frequencies);
  }

  /** BM25's inverse document frequency, never negative. */
  static double idf(long documents, long frequency) {
    return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
  }

  private static String termCondition(boolean prefix) {
    return prefix ? "term >= ? AND term < ?" : "term = ?";
  }

  private static int bindTerm(PreparedStatement ps, int p, String term, boolean prefix)
      throws SQLException {
    byte[] bytes = term.getBytes(StandardCharsets.UTF_8);
    ps.setBytes(p, bytes);
    if (!prefix) {
      return p + 1;
    }
    // UTF-8 never holds 0xFF: the terms starting with `bytes` lie below bytes || 0xFF.
    byte[] upper = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    upper[bytes.length] = (byte) 0xFF;
    ps.setBytes(p + 1, upper);
    return p + 2;
  }
}
