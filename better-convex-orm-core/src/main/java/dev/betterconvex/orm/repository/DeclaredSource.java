package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.repository.query.Parameter;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.util.ClassUtils;

/**
 * A query method declared with {@link ConvexQuery}: its {@code where} parsed and bound to the
 * entity's fields and the method's named parameters, its {@code orderBy} to an order. A method
 * returning {@code long} or {@code int} counts, one returning {@code boolean} tests existence.
 */
final class DeclaredSource implements QuerySource {

  private final WhereExpression.@Nullable Node root;
  private final List<Sort> order;
  private final Subject subject;
  private final PartTreeFilter conditions;
  private final @Nullable Object[] placeholders;

  /**
   * Parses and binds the declaration.
   *
   * @throws InvalidDataAccessApiUsageException for a syntax error, an unknown property or
   *     parameter, a parameter without a name or one not used
   */
  DeclaredSource(QueryMethod method, ConvexQuery declaration, ConvexPersistentEntity<?> entity,
      PropertyFields fields) {
    Map<String, Parameter> named = new LinkedHashMap<>();
    Map<Integer, Class<?>> types = new HashMap<>();
    for (Parameter parameter : method.getParameters().getBindableParameters()) {
      String name = parameter.getName().orElseThrow(() -> new InvalidDataAccessApiUsageException(
          "parameter " + parameter.getIndex() + " has no name: annotate it with @Param, or "
              + "compile with -parameters"));
      named.put(name, parameter);
      types.put(bindableIndex(method, parameter), parameter.getType());
    }
    Set<String> used = new LinkedHashSet<>();
    WhereExpression where = new WhereExpression(declaration.where(),
        path -> fields.field(PropertyPath.from(path, entity.getType())),
        name -> {
          Parameter parameter = named.get(name);
          if (parameter == null) {
            throw new InvalidDataAccessApiUsageException("@ConvexQuery(where = \""
                + declaration.where() + "\") uses :" + name + ", which is not a parameter of the "
                + "method; its parameters: " + named.keySet());
          }
          used.add(name);
          return bindableIndex(method, parameter);
        });
    Set<String> unused = new LinkedHashSet<>(named.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new InvalidDataAccessApiUsageException("the parameters " + unused + " are not used "
          + "by @ConvexQuery(where = \"" + declaration.where() + "\"): refer to each as :name");
    }
    this.root = where.root();
    this.order = fields.sort(order(declaration.orderBy()));
    this.placeholders = new Object[types.size()];
    List<List<PartTreeFilter.Condition>> branches = new ArrayList<>();
    if (root != null) {
      placeholders(root, types);
      for (WhereExpression.Node branch : root instanceof WhereExpression.Or or ? or.nodes()
          : List.of(root)) {
        branches.add(conditions(branch));
      }
    }
    this.conditions = PartTreeFilter.ofBranches(branches);
    Class<?> returned = ClassUtils.resolvePrimitiveIfNecessary(method.getReturnedObjectType());
    boolean single = !method.isCollectionQuery() && !method.isStreamQuery()
        && !method.isSliceQuery() && !method.isPageQuery() && !method.isScrollQuery();
    if (returned == Void.class || method.getReturnedObjectType() == void.class) {
      throw new InvalidDataAccessApiUsageException("a @ConvexQuery method finds, counts (long, "
          + "int) or tests existence (boolean), it does not delete: declare a deleteBy… method, "
          + "or return what it finds");
    }
    if (single && (returned == Long.class || returned == Integer.class)) {
      subject = Subject.COUNT;
    }
    else if (single && returned == Boolean.class) {
      subject = Subject.EXISTS;
    }
    else {
      subject = Subject.FIND;
    }
  }

  private static int bindableIndex(QueryMethod method, Parameter parameter) {
    int index = 0;
    for (Parameter each : method.getParameters().getBindableParameters()) {
      if (each.getIndex() == parameter.getIndex()) {
        return index;
      }
      index++;
    }
    throw new IllegalStateException("Not bindable: " + parameter);
  }

  private static org.springframework.data.domain.Sort order(String orderBy) {
    List<org.springframework.data.domain.Sort.Order> orders = new ArrayList<>();
    if (orderBy.isBlank()) {
      return org.springframework.data.domain.Sort.unsorted();
    }
    for (String part : orderBy.split(",")) {
      String[] words = part.strip().split("\\s+");
      String direction = words.length == 2 ? words[1].toLowerCase(Locale.ROOT) : "asc";
      if (words.length > 2 || words[0].isEmpty() || !direction.equals("asc")
          && !direction.equals("desc")) {
        throw new InvalidDataAccessApiUsageException("@ConvexQuery(orderBy = \"" + orderBy
            + "\"): expected property paths, each optionally followed by asc or desc, "
            + "separated by commas; found \"" + part.strip() + "\"");
      }
      orders.add(direction.equals("asc") ? org.springframework.data.domain.Sort.Order.asc(
          words[0]) : org.springframework.data.domain.Sort.Order.desc(words[0]));
    }
    return org.springframework.data.domain.Sort.by(orders);
  }

  /**
   * Picks each parameter's placeholder from the first condition using it, as derived methods
   * do: lower bounds below equalities, upper bounds above, so ranges on one field stay non-empty.
   */
  private void placeholders(WhereExpression.Node node, Map<Integer, Class<?>> types) {
    if (node instanceof WhereExpression.Condition c) {
      for (int i = 0; i < c.operands().size(); i++) {
        if (c.operands().get(i) instanceof WhereExpression.Parameter p
            && placeholders[p.index()] == null) {
          placeholders[p.index()] = placeholder(c.op(), i, types.getOrDefault(p.index(), Object.class));
        }
      }
    }
    else if (node instanceof WhereExpression.And and) {
      and.nodes().forEach(n -> placeholders(n, types));
    }
    else if (node instanceof WhereExpression.Or or) {
      or.nodes().forEach(n -> placeholders(n, types));
    }
    else if (node instanceof WhereExpression.Not not) {
      placeholders(not.node(), types);
    }
  }

  private static Object placeholder(String op, int operand, Class<?> type) {
    int rank = switch (op) {
      case ">", ">=" -> 1;
      case "<", "<=" -> 3;
      case "!=", "not in" -> 4;
      case "between" -> operand == 0 ? 1 : 3;
      default -> 2;
    };
    Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
    Object value = Boolean.class == boxed ? (Object) Boolean.TRUE
        : Number.class.isAssignableFrom(boxed) ? (Object) (long) rank
        : (Object) String.valueOf("apqz".charAt(rank - 1));
    return op.endsWith("in") ? List.of(value) : value;
  }

  /** The conditions of one {@code Or} branch, for the startup checks' suggestions. */
  private static List<PartTreeFilter.Condition> conditions(WhereExpression.Node branch) {
    List<PartTreeFilter.Condition> conditions = new ArrayList<>();
    for (WhereExpression.Node node : branch instanceof WhereExpression.And and ? and.nodes()
        : List.of(branch)) {
      if (node instanceof WhereExpression.Condition c) {
        Part.Type type = switch (c.op()) {
          case "=" -> Part.Type.SIMPLE_PROPERTY;
          case "!=" -> Part.Type.NEGATING_SIMPLE_PROPERTY;
          case "<" -> Part.Type.LESS_THAN;
          case "<=" -> Part.Type.LESS_THAN_EQUAL;
          case ">" -> Part.Type.GREATER_THAN;
          case ">=" -> Part.Type.GREATER_THAN_EQUAL;
          case "between" -> Part.Type.BETWEEN;
          case "in" -> Part.Type.IN;
          case "not in" -> Part.Type.NOT_IN;
          case "is null" -> Part.Type.IS_NULL;
          case "is not null" -> Part.Type.IS_NOT_NULL;
          case "starts with" -> Part.Type.STARTING_WITH;
          case "not like", "not ilike" -> Part.Type.NOT_LIKE;
          default -> Part.Type.LIKE;
        };
        conditions.add(new PartTreeFilter.Condition(type, c.field(), c.field(),
            c.op().contains("ilike"), false));
      }
    }
    return conditions;
  }

  @Override
  public Subject subject() {
    return subject;
  }

  @Override
  public @Nullable Integer maxResults() {
    return null;
  }

  @Override
  public List<Sort> order() {
    return order;
  }

  @Override
  public boolean hasPredicate() {
    return root != null;
  }

  @Override
  public @Nullable Filter filter(ParametersParameterAccessor accessor) {
    return root == null ? null : WhereExpression.filter(root, accessor::getBindableValue);
  }

  @Override
  public @Nullable Filter placeholderFilter() {
    return root == null ? null : WhereExpression.filter(root, i -> placeholders[i]);
  }

  @Override
  public PartTreeFilter conditions() {
    return conditions;
  }
}
