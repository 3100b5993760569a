package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Text search over 100,000 documents of 50 words (a Zipf-distributed vocabulary of 5,000
 * words), each with one of 10 categories: a two-term query (the last term a prefix) with a
 * filter on the category, first 20 results, through {@code withSearchIndex}; beside, on
 * PostgreSQL, its own full-text search on the same text (a stored {@code tsvector} under a GIN
 * index, {@code ts_rank}, the same filter and limit). Setup prints the documents and postings
 * one search reads. Run with {@code java -jar benchmarks/target/benchmarks.jar SearchBenchmarks}
 * (see docs/benchmarks.md for the figures).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchBenchmarks {

  static final int DOCUMENTS = 100_000;
  static final int WORDS = 50;
  static final int VOCABULARY = 5_000;

  /** The query: a word of rank 50 and the prefix of a word of rank 120, in category c3. */
  static final String FIRST = word(50);
  static final String SECOND_PREFIX = word(120).substring(0, word(120).length() - 1);

  static String word(int rank) {
    return "w" + Integer.toString(rank * 7919 % 100_003, 36) + "x";
  }

  /** The documents, one database per trial. */
  @State(Scope.Benchmark)
  public static class Corpus {

    @Param({"H2", "PostgreSQL"})
    public String database;

    BenchmarkDatabase db;
    ConvexOrm orm;

    @Setup(Level.Trial)
    public void load() throws SQLException {
      db = BenchmarkDatabase.start(database);
      Schema schema = Schema.builder()
          .table("texts", t -> {
            t.field("body", FieldType.string()).notNull();
            t.field("category", FieldType.string()).notNull();
            t.searchIndex("search_body", "body", "category");
          })
          .build();
      ConvexEngine engine = ConvexEngine.builder(db.dataSource(), schema).build();
      orm = new ConvexOrm(engine);
      double[] cumulative = new double[VOCABULARY];
      double sum = 0;
      for (int r = 1; r <= VOCABULARY; r++) {
        sum += 1.0 / r;
        cumulative[r - 1] = sum;
      }
      Random random = new Random(1);
      List<String[]> rows = new ArrayList<>();
      for (int d = 0; d < DOCUMENTS; d++) {
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < WORDS; w++) {
          double u = random.nextDouble() * sum;
          int rank = java.util.Arrays.binarySearch(cumulative, u);
          body.append(w == 0 ? "" : " ").append(word((rank < 0 ? -rank - 1 : rank) + 1));
        }
        rows.add(new String[] {body.toString(), "c" + random.nextInt(10)});
      }
      for (int from = 0; from < DOCUMENTS; from += 1_000) {
        List<String[]> part = rows.subList(from, from + 1_000);
        engine.mutation(tx -> {
          for (String[] row : part) {
            tx.insert("texts", Map.of("body", row[0], "category", row[1]));
          }
          return null;
        });
      }
      if (database.equals("PostgreSQL")) {
        try (Connection c = db.dataSource().getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE TABLE pg_texts (id SERIAL PRIMARY KEY, category TEXT NOT NULL, "
              + "body TEXT NOT NULL, tsv TSVECTOR GENERATED ALWAYS AS "
              + "(to_tsvector('simple', body)) STORED)");
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO pg_texts (category, body) VALUES (?, ?)")) {
            for (String[] row : rows) {
              ps.setString(1, row[1]);
              ps.setString(2, row[0]);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          s.execute("CREATE INDEX pg_texts_tsv ON pg_texts USING GIN (tsv)");
          s.execute("CREATE INDEX pg_texts_category ON pg_texts (category)");
          s.execute("ANALYZE");
        }
      }
      long before = engine.statistics().documentsRead();
      int found = search(this).size();
      System.out.println("\n[search] " + database + ": " + found + " results, "
          + (engine.statistics().documentsRead() - before) + " documents read, postings read: "
          + postings(db, FIRST, SECOND_PREFIX));
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  /** The postings of both terms that the filter keeps, as the search reads them. */
  static String postings(BenchmarkDatabase db, String exact, String prefix) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT search_id FROM bc_search_indexes");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      String table = "bc_x" + rs.getInt(1);
      byte[] category = dev.betterconvex.orm.value.KeyEncoding.encodeTuple(
          List.of(new dev.betterconvex.orm.value.ConvexString("c3")));
      for (String[] term : List.of(new String[] {exact, "="}, new String[] {prefix, "prefix"})) {
        byte[] bytes = term[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] upper = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        upper[bytes.length] = (byte) 0xFF;
        boolean isPrefix = term[1].equals("prefix");
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM " + table
            + " WHERE " + (isPrefix ? "term >= ? AND term < ?" : "term = ?") + " AND f0 = ?")) {
          int p = 1;
          count.setBytes(p++, bytes);
          if (isPrefix) {
            count.setBytes(p++, upper);
          }
          count.setBytes(p, category);
          try (ResultSet n = count.executeQuery()) {
            n.next();
            counts.put(term[0] + (isPrefix ? "*" : ""), n.getLong(1));
          }
        }
      }
    }
    return counts.toString();
  }

  static List<Document> search(Corpus corpus) {
    return corpus.orm.query("texts")
        .withSearchIndex("search_body", q -> q.search("body", FIRST + " " + SECOND_PREFIX)
            .eq("category", "c3"))
        .limit(20)
        .findMany();
  }

  /** {@code withSearchIndex}: BM25 over the postings tables, first 20. */
  @Benchmark
  public List<Document> ormSearch(Corpus corpus) {
    return search(corpus);
  }

  /**
   * PostgreSQL's own full-text search: {@code tsv @@ (first | second:*)} (any term, as the
   * ORM's search), the same filter, ordered by {@code ts_rank}, first 20 (on H2, which has
   * none, it returns nothing at once).
   */
  @Benchmark
  public List<Integer> postgresTsvector(Corpus corpus) throws SQLException {
    List<Integer> ids = new ArrayList<>(20);
    if (!corpus.database.equals("PostgreSQL")) {
      return ids;
    }
    try (Connection c = corpus.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, body FROM pg_texts, "
            + "to_tsquery('simple', ?) q WHERE tsv @@ q AND category = ? "
            + "ORDER BY ts_rank(tsv, q) DESC, id LIMIT 20")) {
      ps.setString(1, FIRST + " | " + SECOND_PREFIX + ":*");
      ps.setString(2, "c3");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
    }
    return ids;
  }
}
