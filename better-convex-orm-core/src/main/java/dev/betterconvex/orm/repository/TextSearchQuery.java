package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.callback.AfterConvertCallback;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.SearchFilter;
import dev.betterconvex.orm.relation.Row;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;

/**
 * A {@link SearchQuery} method: a text search of the entity's table, planned with placeholder
 * arguments when the repository is created (so an unknown index, a field that is not a filter
 * field of it, or parameters that do not fit fail startup), then run per call.
 */
final class TextSearchQuery implements RepositoryQuery {

  private final QueryMethod method;
  private final ConvexOrm orm;
  private final ConvexPersistentEntity<?> entity;
  private final SearchQuery search;
  private final boolean scored;
  private final boolean limited;

  TextSearchQuery(Method javaMethod, RepositoryMetadata metadata, ProjectionFactory projections,
      ConvexOrm orm, ConvexPersistentEntity<?> entity, SearchQuery search) {
    this.orm = orm;
    this.entity = entity;
    this.search = search;
    this.method = new QueryMethod(javaMethod, metadata, projections);
    String description = "Repository method " + metadata.getRepositoryInterface().getName() + "."
        + javaMethod.getName();
    try {
      Class<?>[] types = javaMethod.getParameterTypes();
      this.limited = types.length > 0 && types[types.length - 1] == Limit.class;
      int expected = 1 + search.filters().length + (limited ? 1 : 0);
      if (types.length != expected || types[0] != String.class) {
        throw new IllegalArgumentException("a @SearchQuery method takes the text (a String), "
            + "then one value per filter " + List.of(search.filters()) + ", then optionally a "
            + "Limit; it declares " + List.of(types).stream().map(Class::getSimpleName).toList());
      }
      Class<?> returned = javaMethod.getReturnType();
      this.scored = returned == SearchResults.class;
      if (!scored && !(returned == List.class || returned == Collection.class
          || returned == Iterable.class)) {
        throw new IllegalArgumentException("a @SearchQuery method returns List, Collection or "
            + "Iterable of " + entity.getType().getSimpleName() + ", or SearchResults of it; it "
            + "returns " + returned.getSimpleName());
      }
      if (method.getReturnedObjectType() != entity.getType()) {
        throw new IllegalArgumentException("a @SearchQuery method returns entities of "
            + entity.getType().getSimpleName() + ", not "
            + method.getReturnedObjectType().getSimpleName());
      }
      // Planned for its errors only: an unservable search fails startup.
      var unused = query("placeholder", new Object[expected]).explain();
    }
    catch (RuntimeException ex) {
      throw QueryCreationException.create(description + ": " + ex.getMessage(), ex,
          metadata.getRepositoryInterface(), javaMethod);
    }
  }

  private FindQuery<Row> query(String text, @Nullable Object[] parameters) {
    String field = orm.converter().getMappingContext().getSchema()
        .requireTable(entity.getTableName()).searchIndexes().stream()
        .filter(i -> i.name().equals(search.index())).findFirst()
        .map(i -> i.searchField()).orElse(search.index());
    FindQuery<Row> query = orm.query(entity.getTableName()).rows().withSearchIndex(search.index(),
        q -> {
          SearchFilter filter = q.search(field, text);
          for (int i = 0; i < search.filters().length; i++) {
            filter = filter.eq(search.filters()[i], parameters[1 + i]);
          }
          return filter;
        });
    Object last = parameters.length == 0 ? null : parameters[parameters.length - 1];
    if (limited && last instanceof Limit limit && limit.isLimited()) {
      query = query.limit(limit.max());
    }
    return query;
  }

  @Override
  public Object execute(Object[] parameters) {
    Object text = parameters[0];
    if (!(text instanceof String string)) {
      throw new IllegalArgumentException("The text of a search must not be null");
    }
    FindQuery<Row> query = query(string, parameters);
    List<Row> rows;
    List<Double> scores = new ArrayList<>();
    if (scored) {
      rows = new ArrayList<>();
      for (SearchResult<Row> result : query.includeScore().findMany()) {
        rows.add(result.getContent());
        scores.add(result.getScore().getValue());
      }
    }
    else {
      rows = query.findMany();
    }
    List<Object> entities = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Object read = orm.converter().read(entity.getType(), row.document(), java.util.Map.of());
      entities.add(orm.entityLifecycle().callback(AfterConvertCallback.class, read,
          row.table()));
    }
    if (!scored) {
      return entities;
    }
    List<SearchResult<Object>> results = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      results.add(new SearchResult<>(entities.get(i), Score.of(scores.get(i))));
    }
    return new SearchResults<>(results);
  }

  @Override
  public QueryMethod getQueryMethod() {
    return method;
  }
}
