package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mapping.ConvexPersistentProperty;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.query.UnboundedQueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.data.domain.ExampleMatcher.PropertySpecifier;
import org.springframework.data.domain.ExampleMatcher.StringMatcher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.PersistentPropertyAccessor;

/**
 * Query by Example over one table entity: the probe's properties become equalities (or
 * {@code startsWith}, {@code endsWith}, {@code contains} for the string matchers), joined by
 * {@code and} ({@code matchingAll}) or {@code or} ({@code matchingAny}), and the query is planned
 * like any other: a filter no index narrows, or an order no index serves, is refused. Options
 * that cannot be honoured (ignoring case, the {@code REGEX} matcher, a collection property) fail
 * naming them.
 */
final class ExampleQueries<T> {

  private final ConvexOrm orm;
  private final ConvexPersistentEntity<T> entity;
  private final PropertyFields fields;

  ExampleQueries(ConvexOrm orm, ConvexPersistentEntity<T> entity, PropertyFields fields) {
    this.orm = orm;
    this.entity = entity;
    this.fields = fields;
  }

  ConvexPersistentEntity<T> entity() {
    return entity;
  }

  <S extends T> Optional<S> findOne(Example<S> example) {
    List<S> rows = query(example, Sort.unsorted()).limit(2).findMany();
    if (rows.size() > 1) {
      throw new IncorrectResultSizeDataAccessException("findOne(Example) on the repository of "
          + entity.getType().getSimpleName() + " matched more than one row of table \""
          + entity.getTableName() + "\"; use findAll(Example)", 1, rows.size());
    }
    return rows.stream().findFirst();
  }

  <S extends T> List<S> findAll(Example<S> example, Sort sort) {
    return ReadAll.rows(query(example, sort), description(), "findAll(Example, Pageable)");
  }

  <S extends T> Page<S> findAll(Example<S> example, Pageable pageable) {
    return Paging.page(orm.engine(), pageable, () -> query(example, pageable.getSort()),
        description(), "pass a PageRequest", () -> count(example));
  }

  <S extends T> long count(Example<S> example) {
    return query(example, Sort.unsorted()).count();
  }

  <S extends T> boolean exists(Example<S> example) {
    return query(example, Sort.unsorted()).findFirst().isPresent();
  }

  String description() {
    return "Query by Example on the repository of " + entity.getType().getSimpleName();
  }

  /** The planned query of {@code example}, refused when no index narrows it or serves the sort. */
  @SuppressWarnings("unchecked")
  <S extends T> FindQuery<S> query(Example<S> example, Sort sort) {
    if (example.getProbeType() != entity.getType()) {
      throw new InvalidDataAccessApiUsageException(description() + ": the probe is a "
          + example.getProbeType().getName() + ", not a " + entity.getType().getName());
    }
    List<Filter> filters = new ArrayList<>();
    List<String> compared = new ArrayList<>();
    collect(example.getMatcher(), entity, example.getProbe(), "", filters, compared);
    List<dev.betterconvex.orm.filter.Sort> order = fields.sort(sort);
    FindQuery<S> query = (FindQuery<S>) orm.query(entity.getType())
        .orderBy(order.toArray(dev.betterconvex.orm.filter.Sort[]::new));
    if (!filters.isEmpty()) {
      Filter[] all = filters.toArray(Filter[]::new);
      query = query.where(filters.size() == 1 ? all[0]
          : example.getMatcher().isAllMatching() ? Filters.and(all) : Filters.or(all));
    }
    QueryPlan plan = query.explain();
    if (plan.fullScan()) {
      throw new UnboundedQueryException(description() + " compares " + compared + ", and no "
          + "index of table \"" + entity.getTableName() + "\" narrows that (the planner would "
          + "read " + plan.index() + "), so the call would read the whole table. "
          + (compared.isEmpty() ? "Give the probe a property an index serves"
              : MethodChecks.addIndex(compared, entity.getType()))
          + ", or declare a query method annotated @AllowFullScan");
    }
    if (plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw new UnboundedQueryException(description() + " was called with " + sort + ": no "
          + "index of table \"" + entity.getTableName() + "\" serves the order " + order
          + " after the example's equalities (the planner would read " + plan.index() + "). "
          + "Add an index on the compared fields then the order fields, or declare a query "
          + "method annotated @AllowFullScan");
    }
    return query;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void collect(ExampleMatcher matcher, ConvexPersistentEntity<?> owner, Object bean,
      String prefix, List<Filter> filters, List<String> compared) {
    ConvexMappingContext context = orm.converter().getMappingContext();
    PersistentPropertyAccessor<?> accessor = ((ConvexPersistentEntity) owner)
        .getPropertyAccessor(bean);
    for (ConvexPersistentProperty property : owner) {
      String path = prefix + property.getName();
      if (property.isAssociation() || matcher.isIgnoredPath(path)) {
        continue;
      }
      PropertySpecifier specifier = matcher.getPropertySpecifiers().getForPath(path);
      Optional<Object> value = Optional.ofNullable(accessor.getProperty(property));
      if (specifier != null) {
        value = specifier.transformValue(value);
      }
      if (value.isEmpty()) {
        if (matcher.getNullHandler() == ExampleMatcher.NullHandler.INCLUDE) {
          filters.add(Filters.isNull(field(path)));
          compared.add(field(path));
        }
        continue;
      }
      if (property.isCollectionLike() || property.isMap()) {
        throw new InvalidDataAccessApiUsageException(description() + ": the probe's "
            + "collection property \"" + path + "\" cannot be matched; ignore it with "
            + "ExampleMatcher.matching().withIgnorePaths(\"" + path + "\")");
      }
      ConvexPersistentEntity<?> nested = property.isEntity()
          ? context.getPersistentEntity(property) : null;
      if (nested != null) {
        collect(matcher, nested, value.get(), path + ".", filters, compared);
        continue;
      }
      boolean ignoreCase = specifier != null && specifier.getIgnoreCase() != null
          ? specifier.getIgnoreCase() : matcher.isIgnoreCaseEnabled();
      if (ignoreCase) {
        throw new InvalidDataAccessApiUsageException(description() + ": ignoring case (on "
            + path + ") is not supported: indexes compare strings by their code points; "
            + "declare a query method with IgnoreCase or an ilike @ConvexQuery instead");
      }
      StringMatcher strings = specifier != null && specifier.getStringMatcher() != null
          ? specifier.getStringMatcher() : matcher.getDefaultStringMatcher();
      String field = field(path);
      compared.add(field);
      filters.add(value.get() instanceof String text ? text(path, field, text, strings)
          : Filters.eq(field, value.get()));
    }
  }

  private Filter text(String path, String field, String text, StringMatcher matcher) {
    return switch (matcher) {
      case DEFAULT, EXACT -> Filters.eq(field, text);
      case STARTING -> Filters.startsWith(field, text);
      case ENDING -> Filters.endsWith(field, text);
      case CONTAINING -> Filters.contains(field, text);
      case REGEX -> throw new InvalidDataAccessApiUsageException(description() + ": the "
          + "string matcher REGEX (on " + path + ") is not supported; supported: DEFAULT, "
          + "EXACT, STARTING, ENDING, CONTAINING");
    };
  }

  private String field(String path) {
    return fields.field(PropertyPath.from(path, entity.getType()));
  }
}
