package dev.betterconvex.orm.store;

/**
 * How a vector search scores a stored vector against the query vector. Every score is higher for
 * a closer vector, so results come in descending score order and a threshold is a minimum.
 */
public enum VectorScoring {
  /**
   * Cosine similarity, in {@code [-1, 1]} (Convex's {@code _score}); 0 when either vector has no
   * length.
   */
  COSINE,
  /** The dot product of the two vectors. */
  DOT_PRODUCT,
  /** {@code 1 / (1 + d)}, {@code d} the euclidean distance, in {@code (0, 1]}. */
  EUCLIDEAN;

  /**
   * Scores {@code stored} against {@code query}, whose euclidean norm is {@code queryNorm}.
   *
   * @param query the query vector
   * @param queryNorm the euclidean norm of {@code query}
   * @param stored a stored vector of the same length
   */
  double score(float[] query, double queryNorm, float[] stored) {
    switch (this) {
      case COSINE: {
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < query.length; i++) {
          dot += query[i] * stored[i];
          norm += stored[i] * stored[i];
        }
        return queryNorm == 0 || norm == 0 ? 0 : dot / (queryNorm * Math.sqrt(norm));
      }
      case DOT_PRODUCT: {
        double dot = 0;
        for (int i = 0; i < query.length; i++) {
          dot += query[i] * stored[i];
        }
        return dot;
      }
      default: {
        double sum = 0;
        for (int i = 0; i < query.length; i++) {
          double d = query[i] - stored[i];
          sum += d * d;
        }
        return 1 / (1 + Math.sqrt(sum));
      }
    }
  }

  /** The euclidean norm of {@code vector}. */
  static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
}
