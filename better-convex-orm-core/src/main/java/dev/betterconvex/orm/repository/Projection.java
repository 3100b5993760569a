package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mapping.ConvexPersistentProperty;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Window;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.projection.ProjectionInformation;
import org.springframework.util.ClassUtils;

/**
 * The projection of a query method's result: the entity read, then turned into an interface
 * projection by Spring Data's {@link ProjectionFactory} (closed or open) or into a DTO (a record
 * or class) through its constructor, whose parameters are taken from the entity's properties of
 * the same names. Creating one checks the projection against the entity, so an unknown property,
 * or a constructor parameter whose type the property does not fit, fails when the repository is
 * created (or, for a dynamic projection, on the call).
 */
final class Projection {

  private final Class<?> type;
  private final ProjectionFactory factory;
  private final ConvexPersistentEntity<?> entity;
  private final @Nullable Constructor<?> constructor;
  private final List<ConvexPersistentProperty> parameters;

  private Projection(Class<?> type, ProjectionFactory factory, ConvexPersistentEntity<?> entity,
      @Nullable Constructor<?> constructor, List<ConvexPersistentProperty> parameters) {
    this.type = type;
    this.factory = factory;
    this.entity = entity;
    this.constructor = constructor;
    this.parameters = parameters;
  }

  /**
   * Returns the projection of {@code entity} into {@code type}, or null when {@code type} is
   * the entity type (or a supertype of it): no projection.
   *
   * @throws InvalidDataAccessApiUsageException naming the projection and the property at fault
   */
  static @Nullable Projection of(Class<?> type, ConvexPersistentEntity<?> entity,
      ProjectionFactory factory) {
    if (type.isAssignableFrom(entity.getType())) {
      return null;
    }
    String name = entity.getType().getSimpleName();
    if (type.isInterface()) {
      ProjectionInformation information = factory.getProjectionInformation(type);
      if (information.isClosed()) {
        for (PropertyDescriptor property : information.getInputProperties()) {
          required(type, property.getName(), entity);
        }
      }
      return new Projection(type, factory, entity, null, List.of());
    }
    if (BeanUtils.isSimpleValueType(type) || type.isArray()) {
      throw new InvalidDataAccessApiUsageException("the result type " + type.getName()
          + " is neither " + name + " nor a projection of it: return " + name + ", an interface "
          + "of some of its getters, or a record or class whose constructor takes some of its "
          + "properties");
    }
    Constructor<?> constructor;
    try {
      constructor = BeanUtils.getResolvableConstructor(type);
    }
    catch (IllegalStateException ex) {
      throw new InvalidDataAccessApiUsageException("the DTO projection " + type.getName()
          + " has no constructor to create it with: declare a record, or one constructor "
          + "taking properties of " + name);
    }
    String[] names = BeanUtils.getParameterNames(constructor);
    Class<?>[] types = constructor.getParameterTypes();
    List<ConvexPersistentProperty> parameters = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      ConvexPersistentProperty property = required(type, names[i], entity);
      if (!ClassUtils.isAssignable(types[i], property.getType())) {
        throw new InvalidDataAccessApiUsageException("the DTO projection " + type.getName()
            + " takes " + names[i] + " as " + types[i].getName() + ", but " + name + "."
            + names[i] + " is " + property.getType().getName());
      }
      parameters.add(property);
    }
    return new Projection(type, factory, entity, constructor, List.copyOf(parameters));
  }

  private static ConvexPersistentProperty required(Class<?> type, String property,
      ConvexPersistentEntity<?> entity) {
    ConvexPersistentProperty found = entity.getPersistentProperty(property);
    if (found == null) {
      List<String> names = new ArrayList<>();
      entity.doWithAll(p -> names.add(p.getName()));
      throw new InvalidDataAccessApiUsageException("the projection " + type.getName()
          + " reads the property \"" + property + "\", which " + entity.getType().getSimpleName()
          + " does not have; its properties: " + names);
    }
    return found;
  }

  /** Projects one entity. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object project(Object source) {
    if (constructor == null) {
      return factory.createProjection(type, source);
    }
    PersistentPropertyAccessor<?> accessor = ((ConvexPersistentEntity) entity)
        .getPropertyAccessor(source);
    Object[] arguments = new Object[parameters.size()];
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = accessor.getProperty(parameters.get(i));
    }
    return BeanUtils.instantiateClass(constructor, arguments);
  }

  /**
   * Projects every entity of a query method's result: a list, a stream, a slice or page, a
   * window, or one entity (null stays null).
   */
  @Nullable Object projectResult(@Nullable Object result) {
    if (result == null) {
      return null;
    }
    if (result instanceof List<?> list) {
      return list.stream().map(this::project).toList();
    }
    if (result instanceof Stream<?> stream) {
      return stream.map(this::project);
    }
    if (result instanceof Slice<?> slice) {
      return slice.map(this::project);
    }
    if (result instanceof Window<?> window) {
      return window.map(this::project);
    }
    return project(result);
  }
}
