package dev.betterconvex.orm.repository;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.arrayContains;
import static dev.betterconvex.orm.filter.Filters.between;
import static dev.betterconvex.orm.filter.Filters.contains;
import static dev.betterconvex.orm.filter.Filters.endsWith;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.gte;
import static dev.betterconvex.orm.filter.Filters.ilike;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.isNotNull;
import static dev.betterconvex.orm.filter.Filters.isNull;
import static dev.betterconvex.orm.filter.Filters.like;
import static dev.betterconvex.orm.filter.Filters.lt;
import static dev.betterconvex.orm.filter.Filters.lte;
import static dev.betterconvex.orm.filter.Filters.ne;
import static dev.betterconvex.orm.filter.Filters.not;
import static dev.betterconvex.orm.filter.Filters.notIlike;
import static dev.betterconvex.orm.filter.Filters.notIn;
import static dev.betterconvex.orm.filter.Filters.notLike;
import static dev.betterconvex.orm.filter.Filters.or;
import static dev.betterconvex.orm.filter.Filters.startsWith;

import dev.betterconvex.orm.mapping.ConvexPersistentProperty;
import dev.betterconvex.orm.filter.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;
import org.springframework.util.ObjectUtils;

/**
 * The filter of a derived query method: the method name's {@code Or} of {@code And}s of
 * conditions, each a {@link Part} bound to its document field and mapped to one operator of
 * {@link dev.betterconvex.orm.filter.Filters}. Keywords and {@code IgnoreCase} are checked once,
 * when the method is parsed; the filter is then built per call from the arguments, or from
 * placeholder values to plan the method at startup.
 */
final class PartTreeFilter {

  /** The keywords supported, in the order the error message lists them. */
  private static final List<Part.Type> SUPPORTED = List.of(Part.Type.SIMPLE_PROPERTY,
      Part.Type.NEGATING_SIMPLE_PROPERTY, Part.Type.GREATER_THAN, Part.Type.GREATER_THAN_EQUAL,
      Part.Type.LESS_THAN, Part.Type.LESS_THAN_EQUAL, Part.Type.BEFORE, Part.Type.AFTER,
      Part.Type.BETWEEN, Part.Type.IN, Part.Type.NOT_IN, Part.Type.IS_NULL, Part.Type.IS_NOT_NULL,
      Part.Type.LIKE, Part.Type.NOT_LIKE, Part.Type.STARTING_WITH, Part.Type.ENDING_WITH,
      Part.Type.CONTAINING, Part.Type.NOT_CONTAINING, Part.Type.TRUE, Part.Type.FALSE);

  /** The keywords {@code IgnoreCase} can be honoured for: they become {@code ilike}. */
  private static final Set<Part.Type> CASE_INSENSITIVE = EnumSet.of(Part.Type.SIMPLE_PROPERTY,
      Part.Type.NEGATING_SIMPLE_PROPERTY, Part.Type.LIKE, Part.Type.NOT_LIKE,
      Part.Type.STARTING_WITH, Part.Type.ENDING_WITH, Part.Type.CONTAINING,
      Part.Type.NOT_CONTAINING);

  /**
   * One condition of the method name.
   *
   * @param type the keyword
   * @param property the property name as written in the method name (a dotted path)
   * @param field the document field path
   * @param ignoreCase whether the comparison ignores case
   * @param collection whether the property is a collection ({@code Containing} is then
   *     {@code arrayContains})
   */
  record Condition(Part.Type type, String property, String field, boolean ignoreCase,
      boolean collection) {

    /** Whether an index can take this condition as equalities on its field. */
    boolean pins() {
      return switch (type) {
        case SIMPLE_PROPERTY -> !ignoreCase;
        case IN, IS_NULL, TRUE, FALSE -> true;
        default -> false;
      };
    }

    /** Whether an index can take this condition as a range of its field. */
    boolean ranges() {
      return switch (type) {
        case GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL, BEFORE, AFTER, BETWEEN,
            NOT_IN, IS_NOT_NULL -> true;
        case STARTING_WITH, NEGATING_SIMPLE_PROPERTY -> !ignoreCase;
        default -> false;
      };
    }
  }

  private final List<List<Condition>> branches;

  private PartTreeFilter(List<List<Condition>> branches) {
    this.branches = branches;
  }

  /**
   * The conditions of a filter declared another way ({@link ConvexQuery}), as branches for the
   * startup checks' messages; its filters are built elsewhere.
   */
  static PartTreeFilter ofBranches(List<List<Condition>> branches) {
    return new PartTreeFilter(List.copyOf(branches));
  }

  /**
   * Binds the conditions of {@code tree} to document fields.
   *
   * @throws InvalidDataAccessApiUsageException for a keyword or {@code IgnoreCase} that cannot
   *     be honoured, or a property that is a relation
   */
  static PartTreeFilter of(PartTree tree, PropertyFields fields) {
    List<List<Condition>> branches = new ArrayList<>();
    for (PartTree.OrPart branch : tree) {
      List<Condition> conditions = new ArrayList<>();
      for (Part part : branch) {
        conditions.add(condition(part, fields));
      }
      branches.add(List.copyOf(conditions));
    }
    return new PartTreeFilter(List.copyOf(branches));
  }

  private static Condition condition(Part part, PropertyFields fields) {
    String property = part.getProperty().toDotPath();
    if (!SUPPORTED.contains(part.getType())) {
      throw new InvalidDataAccessApiUsageException("The keyword " + keyword(part.getType())
          + " (on " + property + ") is not supported; supported keywords: " + SUPPORTED.stream()
              .map(PartTreeFilter::keyword).toList());
    }
    ConvexPersistentProperty leaf = fields.property(part.getProperty());
    String field = fields.field(part.getProperty());
    boolean collection = leaf.isCollectionLike();
    boolean text = leaf.getType() == String.class;
    boolean ignoreCase = switch (part.shouldIgnoreCase()) {
      case NEVER -> false;
      case WHEN_POSSIBLE -> text && CASE_INSENSITIVE.contains(part.getType()) && !collection;
      case ALWAYS -> {
        if (!text || !CASE_INSENSITIVE.contains(part.getType()) || collection) {
          throw new InvalidDataAccessApiUsageException("IgnoreCase on " + property + " ("
              + keyword(part.getType()) + ") cannot be honoured: only a String property "
              + "compared with Is, Not, Like, NotLike, StartingWith, EndingWith, Containing or "
              + "NotContaining can ignore case (as ilike)");
        }
        yield true;
      }
    };
    return new Condition(part.getType(), property, field, ignoreCase, collection);
  }

  /**
   * Returns the keyword users write: the longest one without an {@code Is} prefix
   * ({@code GreaterThan}, {@code StartingWith}), except for the {@code Is…} keywords
   * ({@code IsNull}).
   */
  static String keyword(Part.Type type) {
    boolean is = type.name().startsWith("IS_");
    return type.getKeywords().stream()
        .filter(k -> is == k.startsWith("Is") || type.getKeywords().size() == 1)
        .max(java.util.Comparator.comparingInt(String::length))
        .orElse(type.name());
  }

  /** Returns the {@code Or} branches, each an {@code And} of conditions. */
  List<List<Condition>> branches() {
    return branches;
  }

  /** Returns the filter of one call, taking the arguments in order; null when the name has none. */
  @Nullable Filter filter(Iterator<?> arguments) {
    List<Filter> alternatives = new ArrayList<>();
    for (List<Condition> branch : branches) {
      List<Filter> parts = new ArrayList<>();
      for (Condition condition : branch) {
        parts.add(filter(condition, arguments));
      }
      alternatives.add(parts.size() == 1 ? parts.get(0) : and(parts.toArray(Filter[]::new)));
    }
    if (alternatives.isEmpty()) {
      return null;
    }
    return alternatives.size() == 1 ? alternatives.get(0) : or(alternatives.toArray(Filter[]::new));
  }

  /**
   * Returns the filter with placeholder arguments, for planning: the same operators on the
   * same fields, with values that keep ranges on one field non-empty (lower bounds below the
   * equalities, upper bounds above).
   */
  @Nullable Filter placeholderFilter() {
    List<Object> values = new ArrayList<>();
    for (List<Condition> branch : branches) {
      for (Condition condition : branch) {
        values.addAll(placeholders(condition));
      }
    }
    return filter(values.iterator());
  }

  private static List<Object> placeholders(Condition c) {
    boolean textual = c.ignoreCase() || !c.collection() && switch (c.type()) {
      case LIKE, NOT_LIKE, STARTING_WITH, ENDING_WITH, CONTAINING, NOT_CONTAINING -> true;
      default -> false;
    };
    return switch (c.type()) {
      case SIMPLE_PROPERTY, CONTAINING, NOT_CONTAINING, LIKE, NOT_LIKE, STARTING_WITH,
          ENDING_WITH ->
          List.of(textual ? "p" : 2L);
      case NEGATING_SIMPLE_PROPERTY -> List.of(textual ? "p" : 4L);
      case GREATER_THAN, GREATER_THAN_EQUAL, AFTER -> List.of(1L);
      case LESS_THAN, LESS_THAN_EQUAL, BEFORE -> List.of(3L);
      case BETWEEN -> List.of(1L, 3L);
      case IN -> List.of(List.of(2L));
      case NOT_IN -> List.of(List.of(4L));
      default -> List.of();
    };
  }

  private static Filter filter(Condition c, Iterator<?> arguments) {
    String f = c.field();
    switch (c.type()) {
      case SIMPLE_PROPERTY: {
        Object value = arguments.next();
        if (value == null) {
          return isNull(f);
        }
        return c.ignoreCase() ? ilike(f, escape(text(c, value))) : eq(f, value);
      }
      case NEGATING_SIMPLE_PROPERTY: {
        Object value = arguments.next();
        if (value == null) {
          return isNotNull(f);
        }
        return c.ignoreCase() ? notIlike(f, escape(text(c, value))) : ne(f, value);
      }
      case GREATER_THAN:
      case AFTER:
        return gt(f, arguments.next());
      case GREATER_THAN_EQUAL:
        return gte(f, arguments.next());
      case LESS_THAN:
      case BEFORE:
        return lt(f, arguments.next());
      case LESS_THAN_EQUAL:
        return lte(f, arguments.next());
      case BETWEEN:
        return between(f, arguments.next(), arguments.next());
      case IN:
        return in(f, values(c, arguments.next()));
      case NOT_IN:
        return notIn(f, values(c, arguments.next()));
      case IS_NULL:
        return isNull(f);
      case IS_NOT_NULL:
        return isNotNull(f);
      case TRUE:
        return eq(f, true);
      case FALSE:
        return eq(f, false);
      case LIKE: {
        String pattern = text(c, arguments.next());
        return c.ignoreCase() ? ilike(f, pattern) : like(f, pattern);
      }
      case NOT_LIKE: {
        String pattern = text(c, arguments.next());
        return c.ignoreCase() ? notIlike(f, pattern) : notLike(f, pattern);
      }
      case STARTING_WITH: {
        String prefix = text(c, arguments.next());
        return c.ignoreCase() ? ilike(f, escape(prefix) + "%") : startsWith(f, prefix);
      }
      case ENDING_WITH: {
        String suffix = text(c, arguments.next());
        return c.ignoreCase() ? ilike(f, "%" + escape(suffix)) : endsWith(f, suffix);
      }
      case CONTAINING: {
        Object value = arguments.next();
        if (c.collection()) {
          return arrayContains(f, value);
        }
        String part = text(c, value);
        return c.ignoreCase() ? ilike(f, "%" + escape(part) + "%") : contains(f, part);
      }
      case NOT_CONTAINING: {
        Object value = arguments.next();
        if (c.collection()) {
          return not(arrayContains(f, value));
        }
        String pattern = "%" + escape(text(c, value)) + "%";
        return c.ignoreCase() ? notIlike(f, pattern) : notLike(f, pattern);
      }
      default:
        throw new IllegalStateException("Unsupported keyword " + c.type());
    }
  }

  private static String text(Condition c, @Nullable Object value) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    throw new InvalidDataAccessApiUsageException(keyword(c.type()) + " on " + c.property()
        + " needs a String argument, got " + (value == null ? "null" : value.getClass().getName()));
  }

  private static Collection<?> values(Condition c, @Nullable Object value) {
    if (value instanceof Collection<?> collection) {
      return collection;
    }
    if (value != null && value.getClass().isArray()) {
      return Arrays.asList(ObjectUtils.toObjectArray(value));
    }
    throw new InvalidDataAccessApiUsageException(keyword(c.type()) + " on " + c.property()
        + " needs a collection or an array argument, got "
        + (value == null ? "null" : value.getClass().getName()));
  }

  /** Escapes the {@code LIKE} wildcards of a literal text: {@code %}, {@code _} and {@code \}. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\\' || ch == '%' || ch == '_') {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }
}
