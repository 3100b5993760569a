package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.NamedQueries;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.RepositoryQuery;

/**
 * Resolves the query methods of a repository. Every query is derived from the method name
 * ({@link PartTreeConvexQuery}); there are no declared queries, so
 * {@link QueryLookupStrategy.Key#USE_DECLARED_QUERY} refuses every method.
 */
final class ConvexQueryLookupStrategy {

  private ConvexQueryLookupStrategy() {
  }

  /** Returns the strategy for {@code key} (null means the default, create if not found). */
  static QueryLookupStrategy create(QueryLookupStrategy.@Nullable Key key, ConvexOrm orm,
      Function<RepositoryMetadata, ConvexPersistentEntity<?>> entities, int defaultPageSize) {
    QueryLookupStrategy.Key keyToUse = key == null ? QueryLookupStrategy.Key.CREATE_IF_NOT_FOUND
        : key;
    return switch (keyToUse) {
      case CREATE, CREATE_IF_NOT_FOUND -> new CreateQueryLookupStrategy(orm, entities,
          defaultPageSize);
      case USE_DECLARED_QUERY -> new DeclaredQueryLookupStrategy();
    };
  }

  /** Derives every query from its method name. */
  static final class CreateQueryLookupStrategy implements QueryLookupStrategy {

    private final ConvexOrm orm;
    private final Function<RepositoryMetadata, ConvexPersistentEntity<?>> entities;
    private final int defaultPageSize;

    CreateQueryLookupStrategy(ConvexOrm orm,
        Function<RepositoryMetadata, ConvexPersistentEntity<?>> entities, int defaultPageSize) {
      this.orm = orm;
      this.entities = entities;
      this.defaultPageSize = defaultPageSize;
    }

    @Override
    public RepositoryQuery resolveQuery(Method method, RepositoryMetadata metadata,
        ProjectionFactory projections, NamedQueries namedQueries) {
      return new PartTreeConvexQuery(method, metadata, projections, orm,
          entities.apply(metadata), defaultPageSize);
    }
  }

  /** Refuses every method: Better Convex repositories have no declared queries. */
  static final class DeclaredQueryLookupStrategy implements QueryLookupStrategy {

    @Override
    public RepositoryQuery resolveQuery(Method method, RepositoryMetadata metadata,
        ProjectionFactory projections, NamedQueries namedQueries) {
      throw QueryCreationException.create("Repository method "
          + metadata.getRepositoryInterface().getName() + "." + method.getName()
          + ": Better Convex repositories have no declared queries; derive the query from the "
          + "method name (queryLookupStrategy CREATE or CREATE_IF_NOT_FOUND)", null,
          metadata.getRepositoryInterface(), method);
    }
  }
}
