package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.CursorCodec;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.SearchHits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A text search as a positioned read: the documents the search index ranks for the plan, in
 * relevance order (BM25 score, highest first; ties by id), at most
 * {@link SearchPlan#MAX_RESULTS}. A position is two parts: the rank key (the score, inverted so
 * that higher scores sort first, then the id) and the corpus statistics the scores were
 * computed with. A read from a position ranks again, in its own transaction, with the
 * statistics of the position, and returns the documents ranked after it: a document not
 * written since keeps its score and so its place; one written since is ranked by its new
 * text. Documents are read by id in batches as the iterator advances.
 */
final class SearchSource extends Source<Document> {

  private final CursorCodec codec;
  private final String table;
  private final SearchPlan plan;

  SearchSource(CursorCodec codec, String table, SearchPlan plan) {
    super(Order.ASC);
    this.codec = codec;
    this.table = table;
    this.plan = plan;
  }

  @Override
  Iterator<Item<Document>> open(DatabaseReader db, @Nullable List<byte[]> from,
      boolean inclusive, int expected) {
    EngineInternals internals = EngineInternals.of(db);
    byte[] statistics = from == null || from.size() < 2 ? null : from.get(1);
    SearchHits ranked = internals.search(table, plan.index(), plan.allTerms(), plan.filters(),
        statistics, plan.maxResults());
    byte[] used = ranked.statistics();
    List<SearchHits.Hit> hits = new ArrayList<>();
    for (SearchHits.Hit hit : ranked.hits()) {
      if (from != null) {
        int c = Arrays.compareUnsigned(rankKey(hit), from.get(0));
        if (c < 0 || c == 0 && !inclusive) {
          continue;
        }
      }
      hits.add(hit);
    }
    return new Iterator<>() {
      private int next;
      private int loaded;
      private int batch = Math.max(1, Math.min(expected, 256));
      private Map<String, Document> documents = Map.of();

      @Override
      public boolean hasNext() {
        return next < hits.size();
      }

      @Override
      public Item<Document> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (next == loaded) {
          int to = Math.min(hits.size(), loaded + batch);
          documents = internals.getAll(table,
              hits.subList(loaded, to).stream().map(SearchHits.Hit::id).toList());
          loaded = to;
          batch = Math.min(256, batch * 2);
        }
        SearchHits.Hit hit = hits.get(next++);
        List<byte[]> position = List.of(rankKey(hit), used);
        Document doc = documents.get(hit.id());
        if (doc == null) {
          return new Item<>(null, false, position); // cannot happen: the index is transactional
        }
        return new Item<>(plan.includeScore() ? doc.withScore(hit.score()) : doc, true, position);
      }
    };
  }

  /** The score's bits inverted (scores are positive: higher first), then the id. */
  static byte[] rankKey(SearchHits.Hit hit) {
    byte[] id = hit.id().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(8 + id.length).putLong(~Double.doubleToLongBits(hit.score()))
        .put(id).array();
  }

  @Override
  int depth() {
    return 2;
  }

  @Override
  String describe() {
    return "search " + codec.searchIndexIdentity(table, plan.index()) + " terms " + plan.terms()
        + " prefix " + plan.prefix() + " filters " + plan.filters() + " max "
        + plan.maxResults() + (plan.includeScore() ? " with score" : "");
  }
}
