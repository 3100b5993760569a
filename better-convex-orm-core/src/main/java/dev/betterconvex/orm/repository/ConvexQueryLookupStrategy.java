package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.NamedQueries;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.RepositoryQuery;

/**
 * Resolves the query methods of a repository: a method annotated {@link SearchQuery} is a text
 * search, one annotated {@link ConvexQuery} runs its declaration, any other is derived from its
 * name. A {@code @SearchQuery} is run under every lookup strategy (it is a declaration). {@link QueryLookupStrategy.Key#CREATE} derives
 * every method and refuses a {@code @ConvexQuery} (it would be ignored);
 * {@link QueryLookupStrategy.Key#USE_DECLARED_QUERY} refuses a method without one.
 */
final class ConvexQueryLookupStrategy implements QueryLookupStrategy {

  private final QueryLookupStrategy.Key key;
  private final ConvexOrm orm;
  private final Function<RepositoryMetadata, ConvexPersistentEntity<?>> entities;
  private final int defaultPageSize;

  private ConvexQueryLookupStrategy(QueryLookupStrategy.Key key, ConvexOrm orm,
      Function<RepositoryMetadata, ConvexPersistentEntity<?>> entities, int defaultPageSize) {
    this.key = key;
    this.orm = orm;
    this.entities = entities;
    this.defaultPageSize = defaultPageSize;
  }

  /** Returns the strategy for {@code key} (null means the default, create if not found). */
  static QueryLookupStrategy create(QueryLookupStrategy.@Nullable Key key, ConvexOrm orm,
      Function<RepositoryMetadata, ConvexPersistentEntity<?>> entities, int defaultPageSize) {
    return new ConvexQueryLookupStrategy(key == null
        ? QueryLookupStrategy.Key.CREATE_IF_NOT_FOUND : key, orm, entities, defaultPageSize);
  }

  @Override
  public RepositoryQuery resolveQuery(Method method, RepositoryMetadata metadata,
      ProjectionFactory projections, NamedQueries namedQueries) {
    ConvexQuery declared = AnnotatedElementUtils.findMergedAnnotation(method, ConvexQuery.class);
    SearchQuery search = AnnotatedElementUtils.findMergedAnnotation(method, SearchQuery.class);
    if (search != null) {
      if (declared != null) {
        throw QueryCreationException.create("Repository method "
            + metadata.getRepositoryInterface().getName() + "." + method.getName() + ": it is "
            + "annotated both @SearchQuery and @ConvexQuery; a method runs one of them", null,
            metadata.getRepositoryInterface(), method);
      }
      return new TextSearchQuery(method, metadata, projections, orm, entities.apply(metadata),
          search);
    }
    String refusal = switch (key) {
      case CREATE -> declared == null ? null : "it is annotated @ConvexQuery, which the query "
          + "lookup strategy CREATE would ignore (it derives every query from the method name); "
          + "use CREATE_IF_NOT_FOUND or USE_DECLARED_QUERY";
      case USE_DECLARED_QUERY -> declared != null ? null : "the query lookup strategy "
          + "USE_DECLARED_QUERY needs a @ConvexQuery on every query method";
      case CREATE_IF_NOT_FOUND -> null;
    };
    if (refusal != null) {
      throw QueryCreationException.create("Repository method "
          + metadata.getRepositoryInterface().getName() + "." + method.getName() + ": "
          + refusal, null, metadata.getRepositoryInterface(), method);
    }
    ConvexPersistentEntity<?> entity = entities.apply(metadata);
    if (declared == null && VectorRepositoryQuery.isVectorSearch(method, entity)) {
      return new VectorRepositoryQuery(method, metadata, projections, orm, entity);
    }
    return new ConvexRepositoryQuery(method, metadata, projections, orm, entity, defaultPageSize,
        (queryMethod, fields) -> declared != null
            ? new DeclaredSource(queryMethod, declared, entity, fields)
            : new DerivedSource(queryMethod.getName(), entity, fields));
  }
}
