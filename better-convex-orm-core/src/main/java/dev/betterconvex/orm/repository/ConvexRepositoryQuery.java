package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.AggregateIndexRequiredException;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.store.Document;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;

/**
 * A repository query method, derived from its name or declared with {@link ConvexQuery} (its
 * {@link QuerySource}), run as a {@link FindQuery}. The constructor binds every property to its
 * document field and plans the method against the table's indexes (with placeholder arguments);
 * a method no index serves, whose order no index serves, or whose {@code findUniqueBy} pins no
 * unique key fails there, unless it is {@link AllowFullScan}. A collection result without
 * {@code Limit}, {@code First} or {@code Top} returns every match, within the transaction limits.
 * A {@code Window} or {@code Slice} result reads one page by cursor, so its order must be one an
 * index serves, {@code @AllowFullScan} or not; a {@code Page} is read by offset with its total.
 * A projection (interface, DTO or a {@code Class} argument) is applied to the entities read.
 */
final class ConvexRepositoryQuery implements RepositoryQuery {

  /** How a call reads, chosen from the method name and return type. */
  enum Execution {
    /** A list or stream of the matches. */
    COLLECTION,
    /** At most one entity: the first for {@code findFirstBy}, else more than one is an error. */
    SINGLE,
    /** {@code findUniqueBy}: {@link FindQuery#findUnique()}. */
    UNIQUE,
    /** {@code countBy}. */
    COUNT,
    /** {@code existsBy}. */
    EXISTS,
    /** {@code deleteBy}, {@code removeBy}. */
    DELETE,
    /** A {@code Window} at a {@code ScrollPosition}: {@link FindQuery#scroll}. */
    WINDOW,
    /** The first {@code Slice}: {@link FindQuery#paginate}. */
    SLICE,
    /** A {@code Page} by offset, with the total count: {@link Paging#page}. */
    PAGE;

    /** The ORM operation this execution runs, as observations name it. */
    String operation() {
      return switch (this) {
        case COLLECTION -> "findMany";
        case SINGLE -> "findFirst";
        case UNIQUE -> "findUnique";
        case COUNT -> "count";
        case EXISTS -> "exists";
        case DELETE -> "delete";
        case WINDOW -> "scroll";
        case SLICE -> "paginate";
        case PAGE -> "findMany";
      };
    }
  }

  private final QueryMethod method;
  private final String description;
  private final ConvexOrm orm;
  private final ConvexPersistentEntity<?> entity;
  private final PropertyFields fields;
  private final QuerySource source;
  private final List<Sort> order;
  private final Execution execution;
  private final boolean allowFullScan;
  private final java.util.List<With> relations;
  private final int defaultPageSize;
  private final RepositoryOperation operation;
  /** The method's static projection, or null for none (or a dynamic one). */
  private final @Nullable Projection projection;
  private final ProjectionFactory projections;
  private final Map<Class<?>, Optional<Projection>> dynamicProjections = new ConcurrentHashMap<>();

  /** A method whose filter and order {@code sources} gives (the fields of its entity). */
  interface Sources {
    QuerySource create(QueryMethod method, PropertyFields fields);
  }

  /**
   * Parses and plans the method.
   *
   * @throws QueryCreationException naming the repository, the method and the reason
   */
  ConvexRepositoryQuery(Method javaMethod, RepositoryMetadata metadata,
      ProjectionFactory projections, ConvexOrm orm, ConvexPersistentEntity<?> entity,
      int defaultPageSize, Sources sources) {
    this.orm = orm;
    this.defaultPageSize = defaultPageSize;
    this.entity = entity;
    this.description = describe(metadata.getRepositoryInterface(), javaMethod);
    this.allowFullScan = AnnotatedElementUtils.hasAnnotation(javaMethod, AllowFullScan.class);
    this.relations = java.util.List.copyOf(
        AnnotatedElementUtils.findMergedRepeatableAnnotations(javaMethod, With.class));
    try {
      this.method = new QueryMethod(javaMethod, metadata, projections);
      this.fields = new PropertyFields(orm.converter().getMappingContext(), entity);
      this.source = sources.create(method, fields);
      this.order = source.order();
      this.execution = execution();
      this.projections = projections;
      this.projection = projection();
      this.operation = new RepositoryOperation(entity.getTableName(), execution.operation(),
          check());
      if (!relations.isEmpty()) {
        // Planned for its errors only: an unservable relation fails startup.
        var unused = withRelations(orm.query(entity.getType())).explainRelations();
      }
    }
    catch (RuntimeException ex) {
      throw QueryCreationException.create(description + ": " + ex.getMessage(), ex,
          metadata.getRepositoryInterface(), javaMethod);
    }
  }

  private Execution execution() {
    QuerySource.Subject subject = source.subject();
    boolean find = subject == QuerySource.Subject.FIND || subject == QuerySource.Subject.UNIQUE;
    boolean paged = method.isScrollQuery() || method.isSliceQuery() || method.isPageQuery();
    if (paged && !find) {
      throw new InvalidDataAccessApiUsageException("Window, Slice and Page are results of find "
          + "methods, not of count, exists or delete");
    }
    if (method.getParameters().hasPageableParameter() && !method.isSliceQuery()
        && !method.isPageQuery()) {
      throw new InvalidDataAccessApiUsageException("a Pageable parameter goes with a Page<"
          + entity.getType().getSimpleName() + "> or Slice<" + entity.getType().getSimpleName()
          + "> result; for a List take a Limit parameter");
    }
    if (method.isPageQuery() && source.maxResults() != null) {
      throw new InvalidDataAccessApiUsageException("a Page method cannot limit its results "
          + "with First or Top: the Pageable's size is the page size");
    }
    if (method.getParameters().hasDynamicProjection() && !find) {
      throw new InvalidDataAccessApiUsageException("a Class parameter (a dynamic projection) "
          + "goes with find methods, not with count, exists or delete");
    }
    if (subject == QuerySource.Subject.DELETE) {
      return Execution.DELETE;
    }
    if (subject == QuerySource.Subject.COUNT) {
      return Execution.COUNT;
    }
    if (subject == QuerySource.Subject.EXISTS) {
      return Execution.EXISTS;
    }
    if (subject == QuerySource.Subject.UNIQUE) {
      if (method.isCollectionQuery() || method.isStreamQuery() || source.maxResults() != null) {
        throw new InvalidDataAccessApiUsageException("findUniqueBy returns one entity: declare "
            + "Optional<" + entity.getType().getSimpleName() + "> or "
            + entity.getType().getSimpleName() + ", without First or Top");
      }
      return Execution.UNIQUE;
    }
    if (method.isScrollQuery()) {
      return Execution.WINDOW;
    }
    if (method.isPageQuery()) {
      return Execution.PAGE;
    }
    if (method.isSliceQuery()) {
      return Execution.SLICE;
    }
    return method.isCollectionQuery() || method.isStreamQuery()
        ? Execution.COLLECTION : Execution.SINGLE;
  }

  private MethodChecks checks(List<Sort> sorts) {
    return new MethodChecks(entity.getRequiredTable(), entity.getType(), source.conditions(),
        sorts);
  }

  /** The static projection of a find method's result, checked against the entity. */
  private @Nullable Projection projection() {
    boolean find = switch (execution) {
      case COUNT, EXISTS, DELETE -> false;
      default -> true;
    };
    if (!find || method.getParameters().hasDynamicProjection()) {
      return null;
    }
    return Projection.of(method.getReturnedObjectType(), entity, projections);
  }

  /**
   * Plans the method with placeholder arguments and refuses what it must not read at runtime;
   * returns the index the plan reads.
   */
  private String check() {
    FindQuery<?> query = orm.query(entity.getType());
    Filter where = source.placeholderFilter();
    if (where != null) {
      query = query.where(where);
    }
    boolean paged = execution == Execution.WINDOW || execution == Execution.SLICE;
    boolean ordered = execution == Execution.COLLECTION || execution == Execution.SINGLE
        || execution == Execution.PAGE || paged;
    if (ordered) {
      query = query.orderBy(order.toArray(Sort[]::new));
    }
    QueryPlan plan = query.explain();
    if (execution == Execution.COUNT || execution == Execution.PAGE && source.hasPredicate()) {
      checkCount(allowFullScan ? query.allowFullScan() : query);
    }
    if (execution == Execution.UNIQUE) {
      String reason = checks(order).unique();
      if (reason != null) {
        throw new InvalidDataAccessApiUsageException(reason);
      }
    }
    if (paged && plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw new InvalidDataAccessApiUsageException(checks(order).pagedSortAfterRead(plan));
    }
    if (allowFullScan) {
      return plan.index();
    }
    boolean scanMatters = source.hasPredicate() || execution == Execution.COUNT
        || execution == Execution.DELETE;
    if (plan.fullScan() && scanMatters) {
      throw new InvalidDataAccessApiUsageException(checks(order).fullScan(plan));
    }
    if (ordered && plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw new InvalidDataAccessApiUsageException(checks(order).sortAfterRead(plan));
    }
    return plan.index();
  }

  /**
   * Refuses a count (of a count method, or of a page's total) that no aggregate index of the
   * table serves, on a table with aggregate indexes, as {@code count()} would at runtime. The
   * policies depend on the caller, so they are checked per call, not here.
   */
  private static void checkCount(FindQuery<?> count) {
    try {
      RowLevelSecurity.runAsSystem("checking a repository count method at startup",
          () -> OrmInternals.checkCount(count));
    }
    catch (AggregateIndexRequiredException ex) {
      throw new InvalidDataAccessApiUsageException(ex.getMessage() + "; or annotate the method "
          + "with @AllowFullScan", ex);
    }
  }

  @Override
  public @Nullable Object execute(Object[] parameters) {
    ParametersParameterAccessor accessor =
        new ParametersParameterAccessor(method.getParameters(), parameters);
    try {
      Object result = switch (execution) {
        case COLLECTION -> collection(accessor);
        case SINGLE -> single(accessor);
        case UNIQUE -> unique(accessor);
        case COUNT -> query(accessor).count();
        case EXISTS -> query(accessor).findFirst().isPresent();
        case DELETE -> delete(accessor);
        case WINDOW -> Paging.window(ordered(query(accessor), accessor),
            accessor.getScrollPosition(), Paging.size(limit(accessor), defaultPageSize),
            description);
        case SLICE -> slice(accessor);
        case PAGE -> page(accessor);
      };
      Projection projecting = method.getParameters().hasDynamicProjection()
          ? dynamicProjection(accessor) : projection;
      return projecting == null ? result : projecting.projectResult(result);
    }
    catch (UnboundedQueryException ex) {
      throw new UnboundedQueryException(description + ": " + ex.getMessage());
    }
  }

  /**
   * Refuses a {@code Sort} or {@code Pageable} argument whose order no index serves, naming
   * what a repository user can do (the ORM's message names {@code allowFullScan()}). Pages
   * keep the ORM's message: {@code @AllowFullScan} cannot lift their index order.
   */
  private void checkSortArgument(FindQuery<?> query, List<Sort> sorts) {
    boolean paged = execution == Execution.WINDOW || execution == Execution.SLICE;
    if (allowFullScan || paged || sorts.size() == order.size()) {
      return;
    }
    QueryPlan plan = query.explain();
    if (plan.orderStrategy() != QueryPlan.OrderStrategy.SORT_AFTER_READ || plan.readsNothing()) {
      return;
    }
    throw new UnboundedQueryException(checks(sorts).sortAfterRead(plan));
  }

  private Object collection(ParametersParameterAccessor accessor) {
    FindQuery<?> query = ordered(query(accessor), accessor);
    Integer limit = limit(accessor);
    List<?> rows = limit != null ? query.limit(limit).findMany() : ReadAll.rows(query,
        description, "declare it returning Window<" + entity.getType().getSimpleName()
            + "> with a ScrollPosition parameter, or pass a Limit");
    return method.isStreamQuery() ? rows.stream() : rows;
  }

  private Object slice(ParametersParameterAccessor accessor) {
    Pageable pageable = accessor.getPageable();
    FindQuery<?> query = ordered(query(accessor), accessor);
    Integer size = pageable.isPaged() ? Integer.valueOf(pageable.getPageSize()) : limit(accessor);
    return Paging.firstSlice(query, pageable, Paging.size(size, defaultPageSize), description);
  }

  /** The page by offset and the total count of the matches, in one snapshot. */
  @SuppressWarnings("unchecked")
  private Object page(ParametersParameterAccessor accessor) {
    return Paging.page(orm.engine(), accessor.getPageable(),
        () -> (FindQuery<Object>) ordered(query(accessor), accessor), description,
        "pass a PageRequest", () -> {
      FindQuery<?> count = query(accessor);
      // No condition: the total is the table's, as count() counts it.
      return source.hasPredicate() ? count.count() : count.allowFullScan().count();
    });
  }

  /** The call's {@code Class} argument as a projection; null for the entity type or null. */
  private @Nullable Projection dynamicProjection(ParametersParameterAccessor accessor) {
    Class<?> type = accessor.findDynamicProjection();
    if (type == null) {
      return null;
    }
    return dynamicProjections.computeIfAbsent(type, t -> {
      try {
        return Optional.ofNullable(Projection.of(t, entity, projections));
      }
      catch (InvalidDataAccessApiUsageException ex) {
        throw new InvalidDataAccessApiUsageException(description + " was called with "
            + t.getName() + ": " + ex.getMessage(), ex);
      }
    }).orElse(null);
  }

  private @Nullable Object single(ParametersParameterAccessor accessor) {
    FindQuery<?> query = ordered(query(accessor), accessor);
    if (source.maxResults() != null) {
      return query.findFirst().orElse(null);
    }
    List<?> rows = query.limit(2).findMany();
    if (rows.size() > 1) {
      throw new IncorrectResultSizeDataAccessException(description + " matched more than one "
          + "row of table \"" + entity.getTableName() + "\"; return a List, or name it "
          + "findFirstBy…", 1, rows.size());
    }
    return rows.isEmpty() ? null : rows.get(0);
  }

  private @Nullable Object unique(ParametersParameterAccessor accessor) {
    if (accessor.hasBindableNullValue()) {
      throw new InvalidDataAccessApiUsageException(description + " was called with null: a "
          + "unique key identifies a row only by its values");
    }
    return query(accessor).findUnique().orElse(null);
  }

  /**
   * Deletes every match in one mutation. The read is unbounded: the startup check refused a
   * filter no index narrows (unless {@link AllowFullScan}), and the transaction limits apply.
   */
  private @Nullable Object delete(ParametersParameterAccessor accessor) {
    List<Object> deleted = orm.engine().mutation(db -> {
      FindQuery<Document> query = orm.query(entity.getTableName()).allowFullScan();
      Filter where = source.filter(accessor);
      if (where != null) {
        query = query.where(where);
      }
      Integer limit = limit(accessor);
      if (limit != null) {
        query = query.limit(limit);
      }
      List<Object> ids = new ArrayList<>();
      for (Document doc : query.findMany()) {
        ids.add(doc.id());
      }
      List<Object> rows = new ArrayList<>();
      if (ids.isEmpty()) {
        return rows;
      }
      // Through the ORM's mutations: foreign-key actions and row-level security apply.
      for (Document doc : new ConvexMutations(orm).delete(entity.getTableName())
          .where(Filters.in(Document.ID, ids)).allowFullScan().returning().execute().rows()) {
        rows.add(orm.converter().read(entity.getType(), doc));
      }
      return rows;
    });
    if (method.isCollectionQuery()) {
      return deleted;
    }
    Class<?> returned = method.getReturnedObjectType();
    return returned == void.class || returned == Void.class ? null : (long) deleted.size();
  }

  private FindQuery<?> query(ParametersParameterAccessor accessor) {
    FindQuery<?> query = withRelations(orm.query(entity.getType()));
    Filter where = source.filter(accessor);
    if (where != null) {
      query = query.where(where);
    }
    if (allowFullScan) {
      query = query.allowFullScan();
    }
    return query;
  }

  /** Adds the method's {@link With} relations. */
  private <Q> FindQuery<Q> withRelations(FindQuery<Q> query) {
    for (With relation : relations) {
      query = query.with(relation.value(), r -> {
        if (relation.limit() > 0) {
          r.limit(relation.limit());
        }
        if (relation.allowFullScan()) {
          r.allowFullScan();
        }
        return r;
      });
    }
    return query;
  }

  /** Orders by {@code OrderBy…}, then by the {@code Sort} or {@code Pageable} argument's sort. */
  private FindQuery<?> ordered(FindQuery<?> query, ParametersParameterAccessor accessor) {
    List<Sort> sorts = new ArrayList<>(order);
    if (method.getParameters().hasSortParameter()
        || method.getParameters().hasPageableParameter()) {
      sorts.addAll(fields.sort(accessor.getSort()));
    }
    FindQuery<?> sorted = query.orderBy(sorts.toArray(Sort[]::new));
    checkSortArgument(sorted, sorts);
    return sorted;
  }

  /** The smaller of First/Top in the name and the {@code Limit} argument; null for none. */
  private @Nullable Integer limit(ParametersParameterAccessor accessor) {
    Integer limit = source.maxResults();
    if (method.getParameters().hasLimitParameter()) {
      Limit argument = accessor.getLimit();
      if (argument.isLimited()) {
        limit = limit == null ? argument.max() : Math.min(limit, argument.max());
      }
    }
    return limit;
  }

  /** What the method does, for observations: its table, operation and the index it reads. */
  RepositoryOperation operation() {
    return operation;
  }

  @Override
  public QueryMethod getQueryMethod() {
    return method;
  }

  /** {@code Repository method com.example.ArticleRepository.findByAuthor(String)}. */
  private static String describe(Class<?> repositoryInterface, Method javaMethod) {
    return "Repository method " + repositoryInterface.getName() + "." + javaMethod.getName()
        + Arrays.stream(javaMethod.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
