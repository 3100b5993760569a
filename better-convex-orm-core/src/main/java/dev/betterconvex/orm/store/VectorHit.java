package dev.betterconvex.orm.store;

/**
 * One result of a vector search: a document id and its score.
 *
 * @param id the document id
 * @param score the score of its vector ({@link VectorScoring}; higher is closer)
 */
public record VectorHit(String id, double score) {
}
