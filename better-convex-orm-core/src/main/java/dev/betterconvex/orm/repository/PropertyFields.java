package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mapping.ConvexPersistentProperty;
import dev.betterconvex.orm.filter.Sort;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.mapping.PersistentPropertyPath;

/**
 * Maps the property paths of one entity (as Spring Data parses them from method names and
 * {@code Sort}) to document field paths, through the mapping context: {@code id} is
 * {@code _id}, {@code @Field(name = "zip") postalCode} is {@code zip}, {@code address.city}
 * reads into a nested record.
 */
final class PropertyFields {

  private final ConvexMappingContext context;
  private final ConvexPersistentEntity<?> entity;

  PropertyFields(ConvexMappingContext context, ConvexPersistentEntity<?> entity) {
    this.context = context;
    this.entity = entity;
  }

  /** Returns the leaf property of {@code path}. */
  ConvexPersistentProperty property(PropertyPath path) {
    return context.getPersistentPropertyPath(path).getLeafProperty();
  }

  /**
   * Returns the document field path of {@code path}.
   *
   * @throws InvalidDataAccessApiUsageException when the path goes through a relation or into
   *     the elements of a collection
   */
  String field(PropertyPath path) {
    PersistentPropertyPath<ConvexPersistentProperty> persistent =
        context.getPersistentPropertyPath(path);
    StringJoiner field = new StringJoiner(".");
    ConvexPersistentProperty leaf = persistent.getLeafProperty();
    for (ConvexPersistentProperty property : persistent) {
      if (property.isAssociation()) {
        throw new InvalidDataAccessApiUsageException("Property " + path.toDotPath() + " of "
            + entity.getType().getSimpleName() + " goes through the relation \""
            + property.getName() + "\"; query methods cannot filter or order by relations yet");
      }
      if (property != leaf && property.isCollectionLike()) {
        throw new InvalidDataAccessApiUsageException("Property " + path.toDotPath() + " of "
            + entity.getType().getSimpleName() + " goes into the elements of the collection \""
            + property.getName() + "\"; a document field path cannot");
      }
      field.add(property.getFieldName());
    }
    return field.toString();
  }

  /** Returns the ORM order of a Spring Data {@code Sort} over this entity's properties. */
  List<Sort> sort(org.springframework.data.domain.Sort sort) {
    List<Sort> result = new ArrayList<>();
    for (org.springframework.data.domain.Sort.Order order : sort) {
      if (order.isIgnoreCase()) {
        throw new InvalidDataAccessApiUsageException("Cannot order " + entity.getType()
            .getSimpleName() + " by " + order.getProperty() + " ignoring case: indexes order "
            + "strings by their code points");
      }
      if (order.getNullHandling() != org.springframework.data.domain.Sort.NullHandling.NATIVE) {
        throw new InvalidDataAccessApiUsageException("Cannot order " + entity.getType()
            .getSimpleName() + " by " + order.getProperty() + " with " + order.getNullHandling()
            + ": Convex orders a missing field and null before every other value");
      }
      String field = field(PropertyPath.from(order.getProperty(), entity.getType()));
      result.add(new Sort(field, order.isDescending()));
    }
    return result;
  }
}
