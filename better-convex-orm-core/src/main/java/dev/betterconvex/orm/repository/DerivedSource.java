package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.parser.PartTree;

/** A query method derived from its name with Spring Data's {@link PartTree}. */
final class DerivedSource implements QuerySource {

  /** {@code findUniqueBy…}: our subject, which Spring Data's {@code PartTree} reads as a find. */
  private static final Pattern UNIQUE =
      Pattern.compile("^(find|read|get|query)Unique(\\p{Lu}.*?)??By");

  private final PartTree tree;
  private final PartTreeFilter filter;
  private final List<Sort> order;
  private final Subject subject;

  /**
   * Parses {@code name}.
   *
   * @throws InvalidDataAccessApiUsageException for what a derived query cannot do
   */
  DerivedSource(String name, ConvexPersistentEntity<?> entity, PropertyFields fields) {
    this.tree = new PartTree(name, entity.getType());
    this.filter = PartTreeFilter.of(tree, fields);
    this.order = fields.sort(tree.getSort());
    if (tree.isDistinct()) {
      throw new InvalidDataAccessApiUsageException("Distinct is not supported: every document "
          + "is distinct");
    }
    if (tree.isDelete()) {
      subject = Subject.DELETE;
    }
    else if (tree.isCountProjection()) {
      subject = Subject.COUNT;
    }
    else if (tree.isExistsProjection()) {
      subject = Subject.EXISTS;
    }
    else {
      subject = UNIQUE.matcher(name).find() ? Subject.UNIQUE : Subject.FIND;
    }
  }

  @Override
  public Subject subject() {
    return subject;
  }

  @Override
  public @Nullable Integer maxResults() {
    return tree.isLimiting() ? tree.getMaxResults() : null;
  }

  @Override
  public List<Sort> order() {
    return order;
  }

  @Override
  public boolean hasPredicate() {
    return tree.hasPredicate();
  }

  @Override
  public @Nullable Filter filter(ParametersParameterAccessor accessor) {
    return filter.filter(accessor.iterator());
  }

  @Override
  public @Nullable Filter placeholderFilter() {
    return filter.placeholderFilter();
  }

  @Override
  public PartTreeFilter conditions() {
    return filter;
  }
}
