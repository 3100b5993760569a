package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.Filter;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.query.Sort;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * A query method derived from its name with Spring Data's {@link PartTree}, run as a
 * {@link FindQuery}. The constructor parses the name, binds every property to its document
 * field and plans the method against the table's indexes (with placeholder arguments); a method
 * no index serves, whose order no index serves, whose collection result nothing bounds, or whose
 * {@code findUniqueBy} pins no unique key fails there, unless it is {@link AllowFullScan}.
 */
final class PartTreeConvexQuery implements RepositoryQuery {

  /** {@code findUniqueBy…}: our subject, which Spring Data's {@code PartTree} reads as a find. */
  private static final Pattern UNIQUE =
      Pattern.compile("^(find|read|get|query)Unique(\\p{Lu}.*?)??By");

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
    DELETE
  }

  private final QueryMethod method;
  private final String description;
  private final ConvexOrm orm;
  private final ConvexPersistentEntity<?> entity;
  private final PropertyFields fields;
  private final PartTree tree;
  private final PartTreeFilter filter;
  private final List<Sort> order;
  private final Execution execution;
  private final boolean allowFullScan;

  /**
   * Parses and plans the method.
   *
   * @throws QueryCreationException naming the repository, the method and the reason
   */
  PartTreeConvexQuery(Method javaMethod, RepositoryMetadata metadata, ProjectionFactory projections,
      ConvexOrm orm, ConvexPersistentEntity<?> entity) {
    this.orm = orm;
    this.entity = entity;
    this.description = describe(metadata.getRepositoryInterface(), javaMethod);
    this.allowFullScan = AnnotatedElementUtils.hasAnnotation(javaMethod, AllowFullScan.class);
    try {
      this.method = new QueryMethod(javaMethod, metadata, projections);
      this.fields = new PropertyFields(orm.converter().getMappingContext(), entity);
      this.tree = new PartTree(method.getName(), entity.getType());
      this.filter = PartTreeFilter.of(tree, fields);
      this.order = fields.sort(tree.getSort());
      this.execution = execution();
      check();
    }
    catch (RuntimeException ex) {
      throw QueryCreationException.create(description + ": " + ex.getMessage(), ex,
          metadata.getRepositoryInterface(), javaMethod);
    }
  }

  private Execution execution() {
    if (method.isPageQuery() || method.isSliceQuery() || method.isScrollQuery()
        || method.getParameters().hasPageableParameter()
        || method.getParameters().hasScrollPositionParameter()) {
      throw new InvalidDataAccessApiUsageException("Page, Slice, Window, Pageable and "
          + "ScrollPosition are not supported yet; return a List and take a Limit parameter");
    }
    if (method.getParameters().hasDynamicProjection() || !method.isQueryForEntity()
        && !tree.isCountProjection() && !tree.isExistsProjection() && !tree.isDelete()) {
      throw new InvalidDataAccessApiUsageException("projections are not supported yet; return "
          + entity.getType().getSimpleName());
    }
    if (tree.isDistinct()) {
      throw new InvalidDataAccessApiUsageException("Distinct is not supported: every document "
          + "is distinct");
    }
    if (tree.isDelete()) {
      return Execution.DELETE;
    }
    if (tree.isCountProjection()) {
      return Execution.COUNT;
    }
    if (tree.isExistsProjection()) {
      return Execution.EXISTS;
    }
    if (UNIQUE.matcher(method.getName()).find()) {
      if (method.isCollectionQuery() || method.isStreamQuery() || tree.isLimiting()) {
        throw new InvalidDataAccessApiUsageException("findUniqueBy returns one entity: declare "
            + "Optional<" + entity.getType().getSimpleName() + "> or "
            + entity.getType().getSimpleName() + ", without First or Top");
      }
      return Execution.UNIQUE;
    }
    return method.isCollectionQuery() || method.isStreamQuery()
        ? Execution.COLLECTION : Execution.SINGLE;
  }

  /** Plans the method with placeholder arguments and refuses what it must not read at runtime. */
  private void check() {
    TableSchema table = entity.getRequiredTable();
    MethodChecks checks = new MethodChecks(table, entity.getType(), filter, order);
    FindQuery<?> query = orm.query(entity.getType());
    Filter where = filter.placeholderFilter();
    if (where != null) {
      query.where(where);
    }
    boolean ordered = execution == Execution.COLLECTION || execution == Execution.SINGLE;
    if (ordered) {
      query.orderBy(order.toArray(Sort[]::new));
    }
    QueryPlan plan = query.explain();
    if (execution == Execution.UNIQUE) {
      String reason = checks.unique();
      if (reason != null) {
        throw new InvalidDataAccessApiUsageException(reason);
      }
    }
    if (allowFullScan) {
      return;
    }
    boolean scanMatters = tree.hasPredicate() || execution == Execution.COUNT
        || execution == Execution.DELETE;
    if (plan.fullScan() && scanMatters) {
      throw new InvalidDataAccessApiUsageException(checks.fullScan(plan));
    }
    if (ordered && plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw new InvalidDataAccessApiUsageException(checks.sortAfterRead(plan));
    }
    if (execution == Execution.COLLECTION && !tree.isLimiting()
        && !method.getParameters().hasLimitParameter() && table.defaultLimit() == null) {
      throw new InvalidDataAccessApiUsageException(checks.unbounded());
    }
  }

  @Override
  public @Nullable Object execute(Object[] parameters) {
    ParametersParameterAccessor accessor =
        new ParametersParameterAccessor(method.getParameters(), parameters);
    if (execution == Execution.COLLECTION && limit(accessor) == null && !allowFullScan
        && entity.getRequiredTable().defaultLimit() == null) {
      throw new UnboundedQueryException(description + " was called with Limit.unlimited() and "
          + "table \"" + entity.getTableName() + "\" has no default limit: pass a limit, or "
          + "annotate the method with @AllowFullScan");
    }
    try {
      return switch (execution) {
        case COLLECTION -> collection(accessor);
        case SINGLE -> single(accessor);
        case UNIQUE -> unique(accessor);
        case COUNT -> query(accessor).count();
        case EXISTS -> query(accessor).findFirst().isPresent();
        case DELETE -> delete(accessor);
      };
    }
    catch (UnboundedQueryException ex) {
      throw new UnboundedQueryException(description + ": " + ex.getMessage()
          + " (on a repository method: @AllowFullScan)");
    }
  }

  private Object collection(ParametersParameterAccessor accessor) {
    FindQuery<?> query = ordered(query(accessor), accessor);
    Integer limit = limit(accessor);
    if (limit != null) {
      query.limit(limit);
    }
    List<?> rows = query.findMany();
    return method.isStreamQuery() ? rows.stream() : rows;
  }

  private @Nullable Object single(ParametersParameterAccessor accessor) {
    FindQuery<?> query = ordered(query(accessor), accessor);
    if (tree.isLimiting()) {
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
      Filter where = filter.filter(accessor.iterator());
      if (where != null) {
        query.where(where);
      }
      Integer limit = limit(accessor);
      if (limit != null) {
        query.limit(limit);
      }
      List<Object> rows = new ArrayList<>();
      for (Document doc : query.findMany()) {
        db.delete(doc.id());
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
    FindQuery<?> query = orm.query(entity.getType());
    Filter where = filter.filter(accessor.iterator());
    if (where != null) {
      query.where(where);
    }
    if (allowFullScan) {
      query.allowFullScan();
    }
    return query;
  }

  private FindQuery<?> ordered(FindQuery<?> query, ParametersParameterAccessor accessor) {
    List<Sort> sorts = new ArrayList<>(order);
    if (method.getParameters().hasSortParameter()) {
      sorts.addAll(fields.sort(accessor.getSort()));
    }
    return query.orderBy(sorts.toArray(Sort[]::new));
  }

  /** The smaller of First/Top in the name and the {@code Limit} argument; null for none. */
  private @Nullable Integer limit(ParametersParameterAccessor accessor) {
    Integer limit = tree.isLimiting() ? tree.getMaxResults() : null;
    if (method.getParameters().hasLimitParameter()) {
      Limit argument = accessor.getLimit();
      if (argument.isLimited()) {
        limit = limit == null ? argument.max() : Math.min(limit, argument.max());
      }
    }
    return limit;
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
