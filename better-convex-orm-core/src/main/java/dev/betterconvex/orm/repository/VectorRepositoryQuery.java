package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.VectorSearch;
import dev.betterconvex.orm.schema.VectorIndexSchema;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;
import org.springframework.data.domain.VectorScoringFunctions;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.Parameter;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * A derived vector search method, Spring Data's vector model over
 * {@link FindQuery#vectorSearch}: {@code searchTop10ByCategoryAndEmbeddingNear(String category,
 * Vector embedding, Score minScore)}. One {@code Near} or {@code Within} part names the vector
 * property (a vector index must be declared on its field); the other parts are equalities
 * ({@code Is}, {@code Equals}, {@code In}) on the index's filter fields, joined by {@code And}.
 * A {@code Score} (a {@code Similarity} for scores normalized to {@code [0, 1]}) is the least
 * score kept, a {@code Range<Score>} the range kept, a {@code ScoringFunction} argument the
 * function (else the threshold's, else cosine). {@code Top}/{@code First} and a {@code Limit}
 * bound the results (1 to 256, default 10). Returns {@code SearchResults<T>},
 * {@code List<SearchResult<T>>} or {@code List<T>}, best first. Checked when the repository is
 * created.
 */
final class VectorRepositoryQuery implements RepositoryQuery {

  /** What the method returns. */
  private enum Result {
    SEARCH_RESULTS, RESULT_LIST, ENTITY_LIST
  }

  private final QueryMethod method;
  private final String description;
  private final ConvexOrm orm;
  private final ConvexPersistentEntity<?> entity;
  private final VectorIndexSchema index;
  /** The filter fields of the parts other than the vector one, in order, with their keyword. */
  private final List<Part> filterParts = new ArrayList<>();
  private final List<String> filterFields = new ArrayList<>();
  private final @Nullable Integer maxResults;
  private final Result result;
  private final int vectorParameter;
  private final int scoreParameter;
  private final int rangeParameter;
  private final int functionParameter;
  /** The indexes of the arguments of the filter parts, in part order. */
  private final List<Integer> filterParameters = new ArrayList<>();

  /** Whether {@code method}'s name derives a vector search (a {@code Near} or {@code Within}). */
  static boolean isVectorSearch(Method method, ConvexPersistentEntity<?> entity) {
    try {
      return new PartTree(method.getName(), entity.getType()).getParts().stream()
          .anyMatch(p -> p.getType() == Part.Type.NEAR || p.getType() == Part.Type.WITHIN);
    }
    catch (RuntimeException ex) {
      return false; // not a derived name: the ordinary query method reports it
    }
  }

  /**
   * Parses and checks the method against the entity's vector indexes.
   *
   * @throws QueryCreationException naming the repository, the method and the problem
   */
  VectorRepositoryQuery(Method javaMethod, RepositoryMetadata metadata,
      ProjectionFactory projections, ConvexOrm orm, ConvexPersistentEntity<?> entity) {
    this.orm = orm;
    this.entity = entity;
    this.description = "Repository method " + metadata.getRepositoryInterface().getName() + "."
        + javaMethod.getName() + Arrays.stream(javaMethod.getParameterTypes())
            .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    try {
      this.method = new QueryMethod(javaMethod, metadata, projections);
      PropertyFields fields = new PropertyFields(orm.converter().getMappingContext(), entity);
      PartTree tree = new PartTree(javaMethod.getName(), entity.getType());
      if (tree.isDelete() || tree.isCountProjection() || tree.isExistsProjection()
          || tree.isDistinct()) {
        throw refused("a vector search finds: name it search…By or find…By, not count, exists, "
            + "delete or distinct");
      }
      if (tree.stream().count() > 1) {
        throw refused("Or is not supported in a vector search (filter parts are joined by And)");
      }
      if (tree.getSort().isSorted()) {
        throw refused("OrderBy is not supported: vector search results come in score order");
      }
      if (AnnotatedElementUtils.hasAnnotation(javaMethod, With.class)
          || AnnotatedElementUtils.hasAnnotation(javaMethod, AllowFullScan.class)) {
        throw refused("@With and @AllowFullScan are not supported on a vector search method");
      }
      Part vectorPart = null;
      for (Part part : tree.getParts()) {
        if (part.getType() == Part.Type.NEAR || part.getType() == Part.Type.WITHIN) {
          if (vectorPart != null) {
            throw refused("it has two Near/Within parts; a vector search has one");
          }
          vectorPart = part;
        }
      }
      if (vectorPart == null) {
        throw new IllegalStateException("not a vector search method");
      }
      String vectorField = fields.field(vectorPart.getProperty());
      List<VectorIndexSchema> indexes = entity.getRequiredTable().vectorIndexes().stream()
          .filter(v -> v.vectorField().equals(vectorField)).toList();
      if (indexes.size() != 1) {
        throw refused(indexes.isEmpty()
            ? "no vector index of table \"" + entity.getTableName() + "\" is on field "
                + vectorField + " (property " + vectorPart.getProperty().toDotPath()
                + "); its vector indexes: " + entity.getRequiredTable().vectorIndexes().stream()
                    .map(v -> v.name() + " on " + v.vectorField()).toList()
                + "; declare @VectorIndex(name = ..., vectorField = \"" + vectorField + "\")"
            : "several vector indexes are on field " + vectorField + " ("
                + indexes.stream().map(VectorIndexSchema::name).toList() + ")");
      }
      this.index = indexes.get(0);
      for (Part part : tree.getParts()) {
        if (part == vectorPart) {
          continue;
        }
        String field = fields.field(part.getProperty());
        if (part.getType() != Part.Type.SIMPLE_PROPERTY && part.getType() != Part.Type.IN
            || part.shouldIgnoreCase() == Part.IgnoreCaseType.ALWAYS) {
          throw refused("the condition " + part.getType() + " on " + part.getProperty()
              .toDotPath() + " is not supported: a vector search filters by equality (or In) on "
              + "the filter fields of vector index " + index.name() + " " + index.filterFields());
        }
        if (!index.filterFields().contains(field)) {
          throw refused("property " + part.getProperty().toDotPath() + " (field " + field
              + ") is not a filter field of vector index " + entity.getTableName() + "."
              + index.name() + "; its filter fields are " + index.filterFields());
        }
        filterParts.add(part);
        filterFields.add(field);
      }
      this.maxResults = tree.isLimiting() ? tree.getMaxResults() : null;
      if (maxResults != null && maxResults > 256) {
        throw refused("Top" + maxResults + " is out of range: a vector search returns 1 to "
            + "256 results");
      }
      int vector = -1;
      int score = -1;
      int range = -1;
      int function = -1;
      for (Parameter parameter : method.getParameters()) {
        Class<?> type = parameter.getType();
        int i = parameter.getIndex();
        if (Vector.class.isAssignableFrom(type)) {
          vector = only(vector, i, "Vector");
        }
        else if (Score.class.isAssignableFrom(type)) {
          score = only(score, i, "Score");
        }
        else if (Range.class.isAssignableFrom(type)) {
          range = only(range, i, "Range<Score>");
        }
        else if (ScoringFunction.class.isAssignableFrom(type)) {
          function = only(function, i, "ScoringFunction");
        }
        else if (Limit.class.isAssignableFrom(type)) {
          continue;
        }
        else if (parameter.isSpecialParameter()) {
          throw refused("a " + type.getSimpleName() + " parameter is not supported: a vector "
              + "search has no sort or pages (take a Limit)");
        }
        else {
          filterParameters.add(i);
        }
      }
      if (vector < 0) {
        throw refused("the Near/Within part on " + vectorPart.getProperty().toDotPath()
            + " needs a Vector parameter");
      }
      if (score >= 0 && range >= 0) {
        throw refused("give a Score or a Range<Score>, not both");
      }
      if (filterParameters.size() != filterParts.size()) {
        throw refused(filterParts.size() + " filter parts take " + filterParts.size()
            + " arguments, but the method has " + filterParameters.size()
            + " other parameters");
      }
      this.vectorParameter = vector;
      this.scoreParameter = score;
      this.rangeParameter = range;
      this.functionParameter = function;
      this.result = result(javaMethod);
      // Planned for its errors only, as a call would be, with a placeholder vector: refuses
      // what the index or the ORM would refuse.
      var unused = query(new float[index.dimensions()], null, VectorScoringFunctions.COSINE,
          Range.unbounded(), maxResults == null ? 10 : maxResults).explain();
    }
    catch (RuntimeException ex) {
      throw QueryCreationException.create(description + ": " + ex.getMessage(), ex,
          metadata.getRepositoryInterface(), javaMethod);
    }
  }

  private Result result(Method javaMethod) {
    ResolvableType type = ResolvableType.forMethodReturnType(javaMethod);
    Class<?> raw = type.resolve(Object.class);
    Class<?> entityType = entity.getType();
    if (SearchResults.class.isAssignableFrom(raw)
        && type.as(SearchResults.class).getGeneric(0).resolve(Object.class) == entityType) {
      return Result.SEARCH_RESULTS;
    }
    if (raw.isAssignableFrom(List.class) && Collection.class.isAssignableFrom(raw)) {
      ResolvableType element = type.as(Collection.class).getGeneric(0);
      Class<?> elementType = element.resolve(Object.class);
      if (elementType == SearchResult.class
          && element.getGeneric(0).resolve(Object.class) == entityType) {
        return Result.RESULT_LIST;
      }
      if (elementType == entityType) {
        return Result.ENTITY_LIST;
      }
    }
    String name = entityType.getSimpleName();
    throw refused("a vector search returns SearchResults<" + name + ">, List<SearchResult<"
        + name + ">> or List<" + name + ">, not " + type);
  }

  private int only(int seen, int index, String what) {
    if (seen >= 0) {
      throw refused("it has two " + what + " parameters");
    }
    return index;
  }

  @Override
  public Object execute(Object[] parameters) {
    ParametersParameterAccessor accessor =
        new ParametersParameterAccessor(method.getParameters(), parameters);
    Vector vector = (Vector) parameters[vectorParameter];
    if (vector == null) {
      throw new InvalidDataAccessApiUsageException(description + " was called with a null "
          + "Vector");
    }
    Score score = scoreParameter < 0 ? null : (Score) parameters[scoreParameter];
    @SuppressWarnings("unchecked")
    Range<Score> range = rangeParameter < 0 ? null : (Range<Score>) parameters[rangeParameter];
    ScoringFunction function = function(score, range,
        functionParameter < 0 ? null : (ScoringFunction) parameters[functionParameter]);
    boolean normalized = score instanceof Similarity || range != null
        && (range.getLowerBound().getValue().orElse(null) instanceof Similarity
            || range.getUpperBound().getValue().orElse(null) instanceof Similarity);
    Range<Double> kept = score != null
        ? Range.rightUnbounded(Range.Bound.inclusive(raw(score.getValue(), normalized, function)))
        : range != null ? rawRange(range, normalized, function) : Range.unbounded();
    List<Filter> conditions = new ArrayList<>();
    for (int i = 0; i < filterParts.size(); i++) {
      Object argument = parameters[filterParameters.get(i)];
      conditions.add(filterParts.get(i).getType() == Part.Type.IN
          ? Filters.in(filterFields.get(i), argument instanceof Collection<?> c ? c
              : argument == null ? List.of() : Arrays.asList((Object[]) argument))
          : Filters.eq(filterFields.get(i), argument));
    }
    Filter filter = conditions.isEmpty() ? null : conditions.size() == 1 ? conditions.get(0)
        : Filters.and(conditions.toArray(Filter[]::new));
    int limit = maxResults == null ? 10 : maxResults;
    if (method.getParameters().hasLimitParameter() && accessor.getLimit().isLimited()) {
      limit = maxResults == null ? accessor.getLimit().max()
          : Math.min(maxResults, accessor.getLimit().max());
    }
    List<? extends SearchResult<?>> found = query(vector.toFloatArray(), filter, function, kept,
        limit).includeScore().findMany();
    List<SearchResult<Object>> results = new ArrayList<>(found.size());
    for (SearchResult<?> hit : found) {
      double value = hit.getScore().getValue();
      results.add(new SearchResult<>(hit.getContent(), normalized
          ? Similarity.raw(normalize(value, function), function) : Score.of(value, function)));
    }
    return switch (result) {
      case SEARCH_RESULTS -> new SearchResults<>(results);
      case RESULT_LIST -> results;
      case ENTITY_LIST -> results.stream().map(SearchResult::getContent).toList();
    };
  }

  private FindQuery<?> query(float[] vector, @Nullable Filter filter, ScoringFunction function,
      Range<Double> scores, int limit) {
    VectorSearch search = VectorSearch.of(index.name(), vector).scoring(function).scores(scores);
    if (filter != null) {
      search = search.filter(filter);
    }
    return orm.query(entity.getType()).vectorSearch(search).limit(limit);
  }

  /** The function of the call: the argument's, else the threshold's, else cosine. */
  private ScoringFunction function(@Nullable Score score, @Nullable Range<Score> range,
      @Nullable ScoringFunction argument) {
    List<ScoringFunction> given = new ArrayList<>();
    if (argument != null && !argument.equals(ScoringFunction.unspecified())) {
      given.add(argument);
    }
    List<Score> thresholds = new ArrayList<>();
    if (score != null) {
      thresholds.add(score);
    }
    if (range != null) {
      range.getLowerBound().getValue().ifPresent(thresholds::add);
      range.getUpperBound().getValue().ifPresent(thresholds::add);
    }
    for (Score threshold : thresholds) {
      if (!threshold.getFunction().equals(ScoringFunction.unspecified())) {
        given.add(threshold.getFunction());
      }
    }
    Optional<ScoringFunction> first = given.stream().findFirst();
    for (ScoringFunction other : given) {
      if (!other.getName().equals(first.orElseThrow().getName())) {
        throw new InvalidDataAccessApiUsageException(description + " was called with scoring "
            + "functions " + first.get().getName() + " and " + other.getName() + "; give one");
      }
    }
    return first.orElse(VectorScoringFunctions.COSINE);
  }

  /** The raw score of a threshold: a normalized similarity back to the function's scale. */
  private static double raw(double value, boolean normalized, ScoringFunction function) {
    return normalized && !isEuclidean(function) ? 2 * value - 1 : value;
  }

  /** A raw score as a similarity in [0, 1] (cosine and dot product: (1 + s) / 2). */
  private static double normalize(double value, ScoringFunction function) {
    return isEuclidean(function) ? value : (1 + value) / 2;
  }

  private static boolean isEuclidean(ScoringFunction function) {
    return function.getName().equals(VectorScoringFunctions.EUCLIDEAN.getName());
  }

  private static Range<Double> rawRange(Range<Score> range, boolean normalized,
      ScoringFunction function) {
    return Range.of(bound(range.getLowerBound(), normalized, function),
        bound(range.getUpperBound(), normalized, function));
  }

  private static Range.Bound<Double> bound(Range.Bound<Score> bound, boolean normalized,
      ScoringFunction function) {
    if (!bound.isBounded()) {
      return Range.Bound.unbounded();
    }
    double value = raw(bound.getValue().orElseThrow().getValue(), normalized, function);
    return bound.isInclusive() ? Range.Bound.inclusive(value) : Range.Bound.exclusive(value);
  }

  private InvalidDataAccessApiUsageException refused(String problem) {
    return new InvalidDataAccessApiUsageException(problem);
  }

  /** What the method does, for observations: its table, {@code vectorSearch}, the index. */
  RepositoryOperation operation() {
    return new RepositoryOperation(entity.getTableName(), "vectorSearch", index.name());
  }

  @Override
  public QueryMethod getQueryMethod() {
    return method;
  }
}
