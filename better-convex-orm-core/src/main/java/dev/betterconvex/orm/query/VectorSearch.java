package dev.betterconvex.orm.query;

import dev.betterconvex.orm.filter.Filter;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.Vector;
import org.springframework.data.domain.VectorScoringFunctions;

/**
 * What a vector search asks for, immutable: the vector index, the query vector, an optional
 * filter on the index's filter fields ({@code eq}, {@code in}, {@code or}, {@code and}), the
 * scoring function (cosine by default) and the range of scores kept. Give it to
 * {@link FindQuery#vectorSearch(VectorSearch)}:
 * {@code orm.query(Post.class).vectorSearch(VectorSearch.of("by_embedding", v)
 * .filter(eq("authorId", id)).minScore(0.8)).limit(5).findMany()}.
 */
public final class VectorSearch {

  private final String index;
  private final float[] vector;
  private final @Nullable Filter filter;
  private final ScoringFunction scoring;
  private final Range<Double> scores;

  private VectorSearch(String index, float[] vector, @Nullable Filter filter,
      ScoringFunction scoring, Range<Double> scores) {
    this.index = Objects.requireNonNull(index, "index");
    this.vector = vector;
    this.filter = filter;
    this.scoring = scoring;
    this.scores = scores;
  }

  /** A search of {@code index} for the vectors closest to {@code vector}. */
  public static VectorSearch of(String index, float... vector) {
    return new VectorSearch(index, vector.clone(), null, VectorScoringFunctions.COSINE,
        Range.unbounded());
  }

  /** A search of {@code index} for the vectors closest to {@code vector}. */
  public static VectorSearch of(String index, Vector vector) {
    return of(index, vector.toFloatArray());
  }

  /** A search of {@code index} for the vectors closest to {@code vector}. */
  public static VectorSearch of(String index, List<? extends Number> vector) {
    float[] values = new float[vector.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = vector.get(i).floatValue();
    }
    return new VectorSearch(index, values, null, VectorScoringFunctions.COSINE,
        Range.unbounded());
  }

  /**
   * Keeps only the vectors whose documents match {@code filter}: {@code eq} (or {@code in}) on
   * the index's filter fields, combined with {@code or} and {@code and}. Replaces an earlier
   * filter.
   */
  public VectorSearch filter(Filter filter) {
    return new VectorSearch(index, vector, Objects.requireNonNull(filter, "filter"), scoring,
        scores);
  }

  /**
   * Scores with {@code function}: {@link ScoringFunction#cosine()} (the default, Convex's),
   * {@link ScoringFunction#dotProduct()} or {@link ScoringFunction#euclidean()}
   * ({@code 1 / (1 + distance)}); {@link ScoringFunction#unspecified()} means cosine.
   *
   * @throws IllegalArgumentException for any other function
   */
  public VectorSearch scoring(ScoringFunction function) {
    VectorReads.scoring(function);
    return new VectorSearch(index, vector, filter, function, scores);
  }

  /** Keeps only results scoring at least {@code min}. */
  public VectorSearch minScore(double min) {
    return scores(Range.rightUnbounded(Range.Bound.inclusive(min)));
  }

  /** Keeps only results whose score lies in {@code range}. Replaces an earlier range. */
  public VectorSearch scores(Range<Double> range) {
    return new VectorSearch(index, vector, filter, scoring,
        Objects.requireNonNull(range, "range"));
  }

  /** The vector index searched. */
  public String index() {
    return index;
  }

  /** The query vector (a copy). */
  public float[] vector() {
    return vector.clone();
  }

  /** The filter, or null for none. */
  public @Nullable Filter filter() {
    return filter;
  }

  /** The scoring function. */
  public ScoringFunction scoring() {
    return scoring;
  }

  /** The scores kept. */
  public Range<Double> scores() {
    return scores;
  }

  @Override
  public String toString() {
    return "vectorSearch(" + index + ", " + vector.length + " dimensions"
        + (filter == null ? "" : ", filter " + filter) + ", " + scoring.getName()
        + (scores.equals(Range.unbounded()) ? "" : ", scores " + scores) + ")";
  }
}
