package dev.betterconvex.orm.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.MappingException;

/**
 * Method handles that get and set the properties of one entity type, resolved once per type the
 * way Spring Data's property accessors resolve them (the field, or the getter and setter when the
 * property uses property access), so that reading and writing need no accessor per object. When a
 * property has no such handle (an immutable property set through a wither, say), the type has no
 * handles and Spring Data's accessor is used instead.
 */
final class PropertyHandles {

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodType SETTER =
      MethodType.methodType(void.class, Object.class, Object.class);

  private final MethodHandle[] handles;

  private PropertyHandles(MethodHandle[] handles) {
    this.handles = handles;
  }

  /** Returns the getters of {@code properties}, in order, or null when one has none. */
  static @Nullable PropertyHandles getters(List<ConvexPersistentProperty> properties) {
    return find(properties, PropertyHandles::getter);
  }

  /** Returns the setters of {@code properties}, in order, or null when one has none. */
  static @Nullable PropertyHandles setters(List<ConvexPersistentProperty> properties) {
    return find(properties, PropertyHandles::setter);
  }

  private static @Nullable PropertyHandles find(List<ConvexPersistentProperty> properties,
      Function<ConvexPersistentProperty, @Nullable MethodHandle> handle) {
    MethodHandle[] handles = new MethodHandle[properties.size()];
    for (int i = 0; i < handles.length; i++) {
      @Nullable MethodHandle found = handle.apply(properties.get(i));
      if (found == null) {
        return null;
      }
      handles[i] = found;
    }
    return new PropertyHandles(handles);
  }

  /** Returns the value of property {@code index} of {@code bean}. */
  @Nullable Object get(int index, Object bean) {
    try {
      return (Object) handles[index].invokeExact(bean);
    } catch (RuntimeException | Error ex) {
      throw ex;
    } catch (Throwable ex) {
      throw new MappingException("Cannot get a property of " + bean.getClass().getName(), ex);
    }
  }

  /** Sets property {@code index} of {@code bean} to {@code value}. */
  void set(int index, Object bean, @Nullable Object value) {
    try {
      handles[index].invokeExact(bean, value);
    } catch (RuntimeException | Error ex) {
      throw ex;
    } catch (Throwable ex) {
      throw new MappingException("Cannot set a property of " + bean.getClass().getName(), ex);
    }
  }

  private static @Nullable MethodHandle getter(ConvexPersistentProperty property) {
    try {
      if (!property.usePropertyAccess()) {
        @Nullable Field field = property.getField();
        return field == null ? null : lookup(field.getDeclaringClass()).unreflectGetter(field)
            .asType(GETTER);
      }
      @Nullable Method getter = property.getGetter();
      return getter == null ? null : lookup(getter.getDeclaringClass()).unreflect(getter)
          .asType(GETTER);
    } catch (IllegalAccessException | RuntimeException ex) {
      return null;
    }
  }

  private static @Nullable MethodHandle setter(ConvexPersistentProperty property) {
    if (property.isImmutable()) {
      return null;
    }
    try {
      if (!property.usePropertyAccess()) {
        @Nullable Field field = property.getField();
        return field == null || Modifier.isFinal(field.getModifiers()) ? null
            : lookup(field.getDeclaringClass()).unreflectSetter(field).asType(SETTER);
      }
      @Nullable Method setter = property.getSetter();
      return setter == null ? null : lookup(setter.getDeclaringClass()).unreflect(setter)
          .asType(SETTER);
    } catch (IllegalAccessException | RuntimeException ex) {
      return null;
    }
  }

  private static MethodHandles.Lookup lookup(Class<?> type) throws IllegalAccessException {
    return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
  }
}
