package dev.betterconvex.orm.store;

import java.util.Comparator;
import java.util.List;

/**
 * The ranking of one text search ({@link EngineInternals#search}): the matching ids, best
 * first, and the corpus statistics the scores were computed with, which a later page passes
 * back so that the documents not written between the pages keep their scores.
 *
 * @param hits the ids with their BM25 scores, highest first, ties by id
 * @param statistics the statistics used, opaque
 */
public record SearchHits(List<Hit> hits, byte[] statistics) {

  /** Copies the list and the bytes. */
  public SearchHits {
    hits = List.copyOf(hits);
    statistics = statistics.clone();
  }

  @Override
  public byte[] statistics() {
    return statistics.clone();
  }

  /**
   * One matching document.
   *
   * @param id its id
   * @param score its BM25 score, positive
   */
  public record Hit(String id, double score) {

    /** Highest score first, then by id. */
    public static final Comparator<Hit> ORDER = Comparator.comparingDouble(Hit::score)
        .reversed().thenComparing(Hit::id);
  }
}
