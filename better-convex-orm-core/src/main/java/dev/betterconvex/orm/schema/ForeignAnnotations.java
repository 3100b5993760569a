package dev.betterconvex.orm.schema;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the mapping and persistence annotations of an entity (and of the records stored in its
 * fields) that Better Convex does not honour, so that none is silently ignored. Annotations are
 * matched by package name, so Spring Data Relational, JPA and Jakarta Validation need not be on
 * the classpath. Honoured: ours; Spring Data's {@code @Id}, {@code @Transient},
 * {@code @PersistenceCreator}, {@code @AccessType}, {@code @ReadOnlyProperty}, {@code @Version}
 * and the auditing annotations; {@code @DomainEvents} and {@code @AfterDomainEventPublication};
 * Jakarta Validation. Refused: every other {@code org.springframework.data} annotation, all of
 * {@code jakarta.persistence} and {@code javax.persistence}, and {@code javax.validation}.
 * Annotations of other packages (Jackson, Lombok, nullness ...) are not mapping annotations.
 */
final class ForeignAnnotations {

  private static final Set<String> HONOURED = Set.of(
      "org.springframework.data.annotation.Id",
      "org.springframework.data.annotation.Transient",
      "org.springframework.data.annotation.PersistenceCreator",
      "org.springframework.data.annotation.AccessType",
      "org.springframework.data.annotation.ReadOnlyProperty",
      "org.springframework.data.annotation.Version",
      "org.springframework.data.annotation.CreatedDate",
      "org.springframework.data.annotation.LastModifiedDate",
      "org.springframework.data.annotation.CreatedBy",
      "org.springframework.data.annotation.LastModifiedBy",
      "org.springframework.data.domain.DomainEvents",
      "org.springframework.data.domain.AfterDomainEventPublication");

  private static final List<String> REFUSED_PACKAGES = List.of("org.springframework.data.",
      "jakarta.persistence.", "javax.persistence.", "javax.validation.");

  /** What to use instead, by simple name, for the annotations users most often bring along. */
  private static final Map<String, String> INSTEAD = Map.ofEntries(
      Map.entry("Table", "dev.betterconvex.orm.schema.annotation.Table"),
      Map.entry("Entity", "dev.betterconvex.orm.schema.annotation.Table"),
      Map.entry("Column", "dev.betterconvex.orm.schema.annotation.Field(name = ...)"),
      Map.entry("Id", "dev.betterconvex.orm.schema.annotation.Id"),
      Map.entry("Transient", "org.springframework.data.annotation.Transient"),
      Map.entry("ManyToOne", "dev.betterconvex.orm.schema.annotation.One"),
      Map.entry("OneToOne", "dev.betterconvex.orm.schema.annotation.One"),
      Map.entry("OneToMany", "dev.betterconvex.orm.schema.annotation.Many"),
      Map.entry("MappedCollection", "dev.betterconvex.orm.schema.annotation.Many"),
      Map.entry("ManyToMany", "dev.betterconvex.orm.schema.annotation.ManyToMany"),
      Map.entry("Version", "org.springframework.data.annotation.Version"),
      Map.entry("Embedded", "a record, stored as an object"),
      Map.entry("Embeddable", "a record, stored as an object"),
      Map.entry("NotNull", "jakarta.validation.constraints.NotNull"));

  private ForeignAnnotations() {
  }

  /** One annotation not honoured: where it is, and what it is. */
  record Found(String subject, String rule) {

    @Override
    public String toString() {
      return subject + ": " + rule;
    }
  }

  /**
   * Returns a problem for each annotation not honoured on {@code entity}, its properties and
   * accessors, and the records its properties hold, naming the table (or class), the property
   * and the annotation.
   */
  static List<Found> problems(Class<?> entity, @Nullable String table) {
    Set<Found> problems = new LinkedHashSet<>();
    Set<Class<?>> visited = new LinkedHashSet<>();
    visit(entity, table, problems, visited);
    return new ArrayList<>(problems);
  }

  private static void visit(Class<?> type, @Nullable String table, Set<Found> problems,
      Set<Class<?>> visited) {
    if (!visited.add(type)) {
      return;
    }
    String owner = type.getSimpleName();
    check(type, subject(table, "class", owner), problems);
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
          continue;
        }
        check(field, subject(table, "property", owner + "." + field.getName()), problems);
        records(field.getGenericType(), table, problems, visited);
      }
      // A record's annotations are copied to its accessors and canonical constructor: the
      // fields report them once.
      Set<String> accessors = new LinkedHashSet<>();
      if (c.isRecord()) {
        for (RecordComponent component : c.getRecordComponents()) {
          accessors.add(component.getName());
        }
      }
      for (Method method : c.getDeclaredMethods()) {
        if (!Modifier.isStatic(method.getModifiers()) && !method.isSynthetic()
            && !(method.getParameterCount() == 0 && accessors.contains(method.getName()))) {
          check(method, subject(table, "method", owner + "." + method.getName() + "()"),
              problems);
          parameters(method, owner, table, problems);
        }
      }
      for (Constructor<?> constructor : c.getDeclaredConstructors()) {
        if (!c.isRecord() || !isCanonical(c, constructor)) {
          parameters(constructor, owner, table, problems);
        }
      }
    }
  }

  private static boolean isCanonical(Class<?> record, Constructor<?> constructor) {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] types = constructor.getParameterTypes();
    if (types.length != components.length) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      if (types[i] != components[i].getType()) {
        return false;
      }
    }
    return true;
  }

  private static void parameters(Executable executable, String owner, @Nullable String table,
      Set<Found> problems) {
    for (Parameter parameter : executable.getParameters()) {
      String name = executable instanceof Constructor<?> ? owner + "." + parameter.getName()
          : owner + "." + ((Member) executable).getName() + "(" + parameter.getName() + ")";
      check(parameter, subject(table, "property", name), problems);
    }
  }

  /** Visits the records a property type holds, directly or as a type argument. */
  private static void records(Type type, @Nullable String table, Set<Found> problems,
      Set<Class<?>> visited) {
    if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        records(argument, table, problems, visited);
      }
    }
    Class<?> raw = JavaTypes.raw(type);
    while (raw.isArray()) {
      raw = raw.getComponentType();
    }
    if (raw.isRecord()) {
      visit(raw, table, problems, visited);
    }
  }

  private static void check(AnnotatedElement element, String subject, Set<Found> problems) {
    for (Annotation annotation : element.getDeclaredAnnotations()) {
      String name = annotation.annotationType().getName();
      if (!HONOURED.contains(name) && REFUSED_PACKAGES.stream().anyMatch(name::startsWith)) {
        @Nullable String instead = INSTEAD.get(annotation.annotationType().getSimpleName());
        problems.add(new Found(subject, "@" + name + " is not honoured by Better Convex; remove "
            + "it" + (instead == null ? "" : " (use " + instead + ")") + ", see docs/mapping.md"));
      }
    }
  }

  private static String subject(@Nullable String table, String kind, String name) {
    return table == null ? "Class " + name.split("\\.")[0] + ", " + kind + " \"" + name + "\""
        : Problems.in(table, kind, name);
  }
}
