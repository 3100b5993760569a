package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.query.PaginationOptions;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.core.support.PersistentEntityInformation;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.ValueExpressionDelegate;

/**
 * Creates Better Convex repositories over one {@link ConvexOrm}: the CRUD methods of
 * {@link SimpleBetterConvexRepository} plus the query methods (derived or {@link ConvexQuery}),
 * each planned when the repository is created. Usable without Spring's container:
 * {@code new BetterConvexRepositoryFactory(orm).getRepository(ArticleRepository.class)}.
 */
public class BetterConvexRepositoryFactory extends RepositoryFactorySupport {

  private final ConvexOrm orm;
  private final Map<Method, RepositoryOperation> queries = new ConcurrentHashMap<>();
  private int defaultPageSize = Paging.DEFAULT_PAGE_SIZE;

  /** Creates a factory of repositories over {@code orm}. */
  public BetterConvexRepositoryFactory(ConvexOrm orm) {
    this.orm = Objects.requireNonNull(orm, "orm");
  }

  /**
   * Sets the page size of {@code Window} and {@code Slice} reads whose call gives none (no
   * {@code Limit}, {@code First}/{@code Top} or {@code Pageable} size); 20 by default. Applies to
   * the repositories created afterwards.
   */
  public void setDefaultPageSize(int defaultPageSize) {
    if (defaultPageSize < 1 || defaultPageSize > PaginationOptions.MAX_NUM_ITEMS) {
      throw new IllegalArgumentException("defaultPageSize must be between 1 and "
          + PaginationOptions.MAX_NUM_ITEMS + ", got " + defaultPageSize);
    }
    this.defaultPageSize = defaultPageSize;
  }

  /**
   * Returns what {@code method} of a repository this factory created does: its table, ORM
   * operation and the index planned at creation (for CRUD methods, the index they read).
   */
  public RepositoryOperation operation(RepositoryMetadata metadata, Method method) {
    RepositoryOperation query = queries.get(method);
    return query != null ? query
        : RepositoryOperation.crud(entity(metadata).getTableName(), method);
  }

  @Override
  public EntityInformation<?, ?> getEntityInformation(RepositoryMetadata metadata) {
    return new PersistentEntityInformation<>(entity(metadata));
  }

  @Override
  protected Object getTargetRepository(RepositoryInformation information) {
    Object repository = getTargetRepositoryViaReflection(information, orm, entity(information));
    if (repository instanceof SimpleBetterConvexRepository<?> simple) {
      simple.defaultPageSize(defaultPageSize);
    }
    return repository;
  }

  @Override
  protected Class<?> getRepositoryBaseClass(RepositoryMetadata metadata) {
    return SimpleBetterConvexRepository.class;
  }

  @Override
  protected Optional<QueryLookupStrategy> getQueryLookupStrategy(
      QueryLookupStrategy.@Nullable Key key, ValueExpressionDelegate valueExpressionDelegate) {
    QueryLookupStrategy strategy = ConvexQueryLookupStrategy.create(key, orm, this::entity,
        defaultPageSize);
    return Optional.of((method, metadata, projections, namedQueries) -> {
      RepositoryQuery query = strategy.resolveQuery(method, metadata, projections, namedQueries);
      if (query instanceof ConvexRepositoryQuery derived) {
        queries.put(method, derived.operation());
      }
      else if (query instanceof VectorRepositoryQuery vector) {
        queries.put(method, vector.operation());
      }
      return query;
    });
  }

  /** The table entity a repository manages, checked: in the schema, with a String id. */
  private ConvexPersistentEntity<?> entity(RepositoryMetadata metadata) {
    Class<?> domainType = metadata.getDomainType();
    String repository = "Repository " + metadata.getRepositoryInterface().getName()
        + " manages " + domainType.getName();
    ConvexPersistentEntity<?> entity =
        orm.converter().getMappingContext().getPersistentEntity(domainType);
    if (entity == null || entity.getTable() == null) {
      throw new InvalidDataAccessApiUsageException(repository + ", which is not an entity of "
          + "the schema; its entities are " + orm.engine().schema().tables().stream()
              .map(TableSchema::entityClass).filter(Objects::nonNull).map(Class::getName)
              .toList());
    }
    if (entity.getIdProperty() == null) {
      throw new InvalidDataAccessApiUsageException(repository + ", which has no @Id property; "
          + "a repository finds, saves and deletes entities by _id: add @Id String id");
    }
    if (metadata.getIdType() != String.class) {
      throw new InvalidDataAccessApiUsageException(repository + " with ids of type "
          + metadata.getIdType().getName() + "; Convex ids are Strings");
    }
    return entity;
  }
}
