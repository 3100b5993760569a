package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's service interface for its own layers (the ORM's queries, relations and
 * mutations): positioned index scans, batched reads and writes, the cursor codec and the schema
 * check; not part of the database API and not for application code, which reads and
 * writes through {@link DatabaseReader} and {@link DatabaseWriter}. The database of
 * {@link ConvexEngine#mutation} implements it; it may change in any release.
 */
public interface EngineInternals {

  /**
   * Checks the user fields of a document about to be written to {@code table} against the
   * schema, as every write of the store does.
   *
   * @throws InvalidDocumentException in Convex's words, naming the table and the field
   */
  static void checkSchema(TableSchema table, ConvexObject document) {
    SchemaValidation.check(table, document);
  }

  /**
   * Returns the engine's internals behind {@code db}, a database the engine handed out (to
   * {@link ConvexEngine#query} or {@link ConvexEngine#mutation}).
   *
   * @throws IllegalArgumentException when {@code db} is not one of the engine's databases
   */
  static EngineInternals of(DatabaseReader db) {
    if (db instanceof EngineInternals internals) {
      return internals;
    }
    throw new IllegalArgumentException("Not a database of a ConvexEngine: "
        + db.getClass().getName());
  }

  /**
   * Returns the codec that seals and opens the pagination cursors of {@code engine}'s database
   * (the ORM's paginator and index sources use it).
   */
  static CursorCodec cursors(ConvexEngine engine) {
    return engine.cursors();
  }

  /**
   * Returns the terms text search finds in {@code text}, in order: Lucene's standard tokenizer
   * (Unicode word boundaries), lower-cased; the same analysis as the indexed text.
   */
  static List<String> searchTerms(String text) {
    return TextAnalysis.terms(text);
  }

  /**
   * Ranks the documents of {@code table} that search index {@code index} finds for
   * {@code terms} (distinct; each matched exactly, the last one as a prefix: any term starting
   * with it) and whose filter fields equal {@code filters}, by BM25 (k1 1.2, b 0.75) over the
   * search field, highest first, ties by id; at most {@code maxResults}. Reads the inverted
   * index of the current transaction (its own writes included). Each term counts as one index
   * range; no document is read.
   *
   * @param filters filter fields of the index and the value each must equal
   * @param statistics the statistics of an earlier ranking of the same search (a later page),
   *     or null to read them now
   * @throws IndexNotReadyException when the search index is still being built
   * @throws InvalidIndexRangeException when the table has no such search index
   */
  SearchHits search(String table, String index, List<String> terms,
      Map<String, ConvexValue> filters, byte @Nullable [] statistics, int maxResults);

  /**
   * Returns the documents of {@code table} with these ids that exist, by id, in one SQL
   * statement per 1,000 distinct ids. Ids that are malformed or name another table are absent
   * from the result. Each distinct id counts against the transaction limits as one
   * {@link DatabaseReader#get(String, String)} does: one index range, and one document read when
   * it exists.
   */
  Map<String, Document> getAll(String table, Collection<String> ids);
  /**
   * Like {@link DatabaseWriter#replace(String, Map)} of {@code current.id()}, for a document the
   * caller has read in this transaction and not written since: one {@code UPDATE}, without
   * reading it again (every key column is set from the new fields).
   *
   * @throws InvalidDocumentException when the document no longer exists or {@code fields}
   *     break the schema, as {@code replace} does
   */
  void replace(Document current, Map<String, ?> fields);

  /**
   * Like {@link DatabaseWriter#insert}, but the row is written only if, for each position, the
   * document {@code parentIds[i]} of table {@code parentTables[i]} exists (a null id requires
   * nothing), as the database sees it when the row is sent: on PostgreSQL in the statement that
   * inserts the row, on H2 by a read right before it. The row is buffered like any insert; use
   * {@link #flush} to send it.
   *
   * @throws MissingParentException (when the row is sent) if a required document is missing;
   *     the transaction must then be rolled back
   */
  String insertIfParentsExist(String table, Map<String, ?> fields, List<String> parentTables,
      List<@Nullable String> parentIds);

  /** Sends the rows buffered for {@code table} now. */
  void flush(String table);

  /**
   * Reads an index range lazily, in key order or reversed, each document with its index key;
   * the building block of the ORM's planner, pagination and streams. Documents are fetched in
   * batches as the iterator advances, the first batch of {@code expected} documents.
   *
   * @param range a legal range from {@link IndexRange#compile} or {@link IndexRange#all}
   * @param order the direction
   * @param after a key to resume after (exclusive, in {@code order}), or null to start at the
   *     beginning of the range
   * @param expected how many documents the caller expects to consume (a hint)
   */
  Iterator<IndexedDocument> scan(IndexRange range, Order order, byte @Nullable [] after,
      int expected);

  /**
   * Like {@link #scan(IndexRange, Order, byte[], int)} from the beginning of the range, but
   * skipping its first {@code skip} documents in the database, in the same statement as the
   * first batch: the skipped documents are not fetched, yet count as read (documents and bytes)
   * against the transaction limits, as Convex counts them.
   */
  Iterator<IndexedDocument> scan(IndexRange range, Order order, int skip, int expected);

  /**
   * Like {@link #scan(IndexRange, Order, byte[], int)}, but starting AT {@code from}
   * (inclusive) when {@code inclusive} is true.
   */
  Iterator<IndexedDocument> scan(IndexRange range, Order order, byte @Nullable [] from,
      boolean inclusive, int expected);

  /**
   * Reads many ranges of one index at once: one SQL statement per 1,000 ranges,
   * whatever their number of rows.
   * Rows come grouped by range, in the order of {@code ranges}, and in index order (or reversed)
   * within a range; a row inside two ranges is returned once for each. Every range counts as one
   * index range and every row as one document read against the transaction limits, as {@link
   * #scan} counts them.
   *
   * @param ranges legal ranges of one index of one table
   * @param order the direction within each range
   * @param limitPerRange the most rows returned per range, {@link Integer#MAX_VALUE} for no limit
   * @throws IllegalArgumentException when the ranges read more than one index, or the limit is
   *     below 1
   */
  List<RangeDocument> scanRanges(List<IndexRange> ranges, Order order, int limitPerRange);

  /**
   * Reads what the aggregate index {@code index} of {@code table} holds for the buckets whose
   * key starts with {@code prefix} (values of its first {@code on} fields; a missing field is
   * {@code null}): one bucket row when the prefix names every {@code on} field, else each bucket
   * under it, plus, per bucket read, one entry per field of {@code min} and of {@code max}
   * (fields of the index's {@code min} and {@code max} lists whose extremes are wanted). Each row read counts as one
   * document scanned, the read as one index range, against the transaction limits.
   *
   * @throws IndexNotReadyException when the index is still being built
   * @throws InvalidIndexRangeException when the table has no such aggregate index
   */
  AggregateValues aggregate(String table, String index, List<@Nullable ConvexValue> prefix,
      Collection<String> min, Collection<String> max);

  /** One entry of a rank index: a document id and its position (the entry key). */
  record RankEntry(String id, byte[] position) {
  }

  /**
   * Reads the row count of one partition of the rank index {@code index} of {@code table} and
   * the sum of its {@code sum} field ({@link AggregateSum#EMPTY} without one): one statement.
   *
   * @param partition the values of the index's {@code partitionBy} fields (null: missing)
   * @throws IndexNotReadyException when the index is still being built
   * @throws InvalidIndexRangeException when the table has no such rank index
   */
  AggregateValues rankTotals(String table, String index, List<@Nullable ConvexValue> partition);

  /**
   * Returns the rank of {@code doc} (a stored document of the table) in its partition: the
   * number of rows ordered before it. Reads a bounded number of rows per level of the index.
   *
   * @throws IllegalArgumentException when {@code doc} is not in the partition
   */
  long rankOf(String table, String index, List<@Nullable ConvexValue> partition, Document doc);

  /**
   * Returns up to {@code limit} entries of one partition in the index's order: those after
   * {@code after} (a position a previous call returned), or, when it is null, from the entry
   * at {@code offset} (0 the first) on.
   */
  List<RankEntry> rankEntries(String table, String index, List<@Nullable ConvexValue> partition,
      long offset, byte @Nullable [] after, int limit);

  /**
   * Reads the row counts of many key prefixes of the aggregate index {@code index} of
   * {@code table} at once (each prefix as in {@link #aggregate}, all of one length), one
   * statement per 1,000 prefixes: {@code result[i]} counts the rows under {@code prefixes[i]}.
   * Each prefix counts as one index range and each bucket row read as one document scanned
   * against the transaction limits.
   *
   * @throws IndexNotReadyException when the index is still being built
   * @throws InvalidIndexRangeException when the table has no such aggregate index
   */
  long[] aggregateCounts(String table, String index, List<List<@Nullable ConvexValue>> prefixes);

  /**
   * Searches a vector index exactly: every stored vector the query's filter keeps (the filter
   * runs in the database, on the filter fields), scored in Java, returned best first (score
   * descending, then id ascending) as ids and scores; the caller reads the documents. Sees the
   * current transaction's own writes. Counts one index range against the transaction limits;
   * the vectors scored are not documents and count as none.
   *
   * @param query the search
   * @param expected how many hits the caller expects to consume (they come from a bounded heap;
   *     reading past them sorts the rest)
   * @throws InvalidIndexRangeException when the table has no such vector index, the vector has
   *     another length, or the filter names a field that is not a filter field
   */
  Iterator<VectorHit> vectorSearch(VectorQuery query, int expected);
}
