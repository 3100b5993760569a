package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.ObjectUtils;

/**
 * The parsed {@code where} of a {@link ConvexQuery}: a tree of conditions on document fields,
 * whose operands are literals or named parameters. Parsing binds each property path to its field
 * (through {@code fields}) and each parameter name to its index (through {@code parameters}), so
 * an unknown property or parameter fails then; {@link #filter} builds the filter of one call.
 */
final class WhereExpression {

  private static final Pattern TOKEN = Pattern.compile("\\s*(?:"
      + "(?<string>'(?:[^']|'')*')|(?<number>-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)"
      + "|(?<param>:[A-Za-z_][A-Za-z0-9_]*)|(?<word>[A-Za-z_][A-Za-z0-9_.]*)"
      + "|(?<op><=|>=|!=|<>|=|<|>|\\(|\\)|,))");

  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "is", "null",
      "like", "ilike", "between", "starts", "with", "true", "false");

  /** An operand: a literal value, a list of them, or a parameter by index. */
  sealed interface Operand {
  }

  record Literal(@Nullable Object value) implements Operand {
  }

  record Parameter(String name, int index) implements Operand {
  }

  /** A node of the expression. */
  sealed interface Node {
  }

  record And(List<Node> nodes) implements Node {
  }

  record Or(List<Node> nodes) implements Node {
  }

  record Not(Node node) implements Node {
  }

  /** {@code field op operands}; {@code op} is one of the expression's operators, lower case. */
  record Condition(String field, String op, List<Operand> operands) implements Node {
  }

  private final String text;
  private final List<String> tokens = new ArrayList<>();
  private final List<Integer> positions = new ArrayList<>();
  private final Function<String, String> fields;
  private final Function<String, Integer> parameters;
  private int next;
  private final @Nullable Node root;

  /**
   * Parses {@code text}.
   *
   * @param fields the document field of a property path (throwing for an unknown one)
   * @param parameters the index of a parameter name (throwing for an unknown one)
   * @throws InvalidDataAccessApiUsageException naming the expression, the position and what was
   *     expected
   */
  WhereExpression(String text, Function<String, String> fields,
      Function<String, Integer> parameters) {
    this.text = text;
    this.fields = fields;
    this.parameters = parameters;
    Matcher m = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length()) {
      m.region(at, text.length());
      if (!m.lookingAt()) {
        if (text.substring(at).isBlank()) {
          break;
        }
        throw error(at, "a property, :parameter, literal or operator");
      }
      String token = m.group().strip();
      positions.add(m.end() - token.length());
      tokens.add(token);
      at = m.end();
    }
    this.root = tokens.isEmpty() ? null : parse();
  }

  /** The root node, null for an empty expression. */
  @Nullable Node root() {
    return root;
  }

  private Node parse() {
    Node node = or();
    if (next < tokens.size()) {
      throw error(positions.get(next), "and, or or the end");
    }
    return node;
  }

  private Node or() {
    List<Node> nodes = new ArrayList<>(List.of(and()));
    while (accept("or")) {
      nodes.add(and());
    }
    return nodes.size() == 1 ? nodes.get(0) : new Or(List.copyOf(nodes));
  }

  private Node and() {
    List<Node> nodes = new ArrayList<>(List.of(unary()));
    while (accept("and")) {
      nodes.add(unary());
    }
    return nodes.size() == 1 ? nodes.get(0) : new And(List.copyOf(nodes));
  }

  private Node unary() {
    if (accept("not")) {
      return new Not(unary());
    }
    if (accept("(")) {
      Node node = or();
      expect(")");
      return node;
    }
    return condition();
  }

  private Node condition() {
    String property = peek();
    if (property == null || !Character.isLetter(property.charAt(0))
        && property.charAt(0) != '_' || KEYWORDS.contains(property.toLowerCase(Locale.ROOT))) {
      throw error(position(), "a property");
    }
    next++;
    String field = fields.apply(property);
    if (accept("is")) {
      boolean not = accept("not");
      expect("null");
      return new Condition(field, not ? "is not null" : "is null", List.of());
    }
    boolean not = accept("not");
    String op = peek() == null ? "" : peek().toLowerCase(Locale.ROOT);
    switch (op) {
      case "in", "like", "ilike" -> {
        next++;
        return new Condition(field, not ? "not " + op : op,
            List.of(op.equals("in") ? list() : operand()));
      }
      case "between" -> {
        next++;
        Operand low = operand();
        expect("and");
        return negated(not, new Condition(field, "between", List.of(low, operand())));
      }
      case "starts" -> {
        next++;
        expect("with");
        return negated(not, new Condition(field, "starts with", List.of(operand())));
      }
      default -> {
        if (not) {
          throw error(position(), "in, like, ilike, between or starts with after not");
        }
        if (!Set.of("=", "!=", "<>", "<", "<=", ">", ">=").contains(op)) {
          throw error(position(), "an operator (=, !=, <, <=, >, >=, in, like, ilike, between, "
              + "starts with, is null)");
        }
        next++;
        return new Condition(field, op.equals("<>") ? "!=" : op, List.of(operand()));
      }
    }
  }

  private static Node negated(boolean not, Node node) {
    return not ? new Not(node) : node;
  }

  /** A parameter, or a parenthesized list of literals. */
  private Operand list() {
    if (!accept("(")) {
      return operand();
    }
    List<Object> values = new ArrayList<>();
    do {
      Operand operand = operand();
      if (!(operand instanceof Literal literal)) {
        throw error(positions.get(next - 1), "a literal (a list holds literals)");
      }
      values.add(literal.value());
    } while (accept(","));
    expect(")");
    return new Literal(List.copyOf(values));
  }

  private Operand operand() {
    String token = peek();
    int at = position();
    if (token == null) {
      throw error(at, "a :parameter or a literal");
    }
    next++;
    if (token.startsWith(":")) {
      String name = token.substring(1);
      return new Parameter(name, parameters.apply(name));
    }
    if (token.startsWith("'")) {
      return new Literal(token.substring(1, token.length() - 1).replace("''", "'"));
    }
    if (Character.isDigit(token.charAt(0)) || token.charAt(0) == '-') {
      return new Literal(token.matches("-?\\d+") ? (Object) Long.valueOf(token)
          : (Object) Double.valueOf(token));
    }
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "true" -> new Literal(true);
      case "false" -> new Literal(false);
      case "null" -> new Literal(null);
      default -> throw error(at, "a :parameter or a literal");
    };
  }

  private @Nullable String peek() {
    return next < tokens.size() ? tokens.get(next) : null;
  }

  private int position() {
    return next < positions.size() ? positions.get(next) : text.length();
  }

  private boolean accept(String token) {
    if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(token)) {
      next++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error(position(), token);
    }
  }

  private InvalidDataAccessApiUsageException error(int at, String expected) {
    String found = at >= text.length() ? "the end" : "\"" + text.substring(at).strip() + "\"";
    return new InvalidDataAccessApiUsageException("@ConvexQuery(where = \"" + text + "\"): "
        + "expected " + expected + " at position " + at + ", found " + found);
  }

  /** The filter of {@code node}, taking each parameter's value from {@code arguments}. */
  static Filter filter(Node node, IntFunction<@Nullable Object> arguments) {
    if (node instanceof And and) {
      return Filters.and(and.nodes().stream().map(n -> filter(n, arguments))
          .toArray(Filter[]::new));
    }
    if (node instanceof Or or) {
      return Filters.or(or.nodes().stream().map(n -> filter(n, arguments))
          .toArray(Filter[]::new));
    }
    if (node instanceof Not not) {
      return Filters.not(filter(not.node(), arguments));
    }
    return condition((Condition) node, arguments);
  }

  private static Filter condition(Condition c, IntFunction<@Nullable Object> arguments) {
    List<@Nullable Object> values = new ArrayList<>();
    for (Operand operand : c.operands()) {
      values.add(operand instanceof Parameter parameter ? arguments.apply(parameter.index())
          : ((Literal) operand).value());
    }
    String f = c.field();
    return switch (c.op()) {
      case "=" -> values.get(0) == null ? Filters.isNull(f) : Filters.eq(f, values.get(0));
      case "!=" -> values.get(0) == null ? Filters.isNotNull(f) : Filters.ne(f, values.get(0));
      case "<" -> Filters.lt(f, values.get(0));
      case "<=" -> Filters.lte(f, values.get(0));
      case ">" -> Filters.gt(f, values.get(0));
      case ">=" -> Filters.gte(f, values.get(0));
      case "between" -> Filters.between(f, values.get(0), values.get(1));
      case "in" -> Filters.in(f, collection(c, values.get(0)));
      case "not in" -> Filters.notIn(f, collection(c, values.get(0)));
      case "is null" -> Filters.isNull(f);
      case "is not null" -> Filters.isNotNull(f);
      case "like" -> Filters.like(f, text(c, values.get(0)));
      case "not like" -> Filters.notLike(f, text(c, values.get(0)));
      case "ilike" -> Filters.ilike(f, text(c, values.get(0)));
      case "not ilike" -> Filters.notIlike(f, text(c, values.get(0)));
      case "starts with" -> Filters.startsWith(f, text(c, values.get(0)));
      default -> throw new IllegalStateException("Unknown operator " + c.op());
    };
  }

  private static Collection<?> collection(Condition c, @Nullable Object value) {
    if (value instanceof Collection<?> collection) {
      return collection;
    }
    if (value != null && value.getClass().isArray()) {
      return Arrays.asList(ObjectUtils.toObjectArray(value));
    }
    throw new InvalidDataAccessApiUsageException(c.op() + " on " + c.field() + " needs a "
        + "collection or an array, got " + (value == null ? "null" : value.getClass().getName()));
  }

  private static String text(Condition c, @Nullable Object value) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    throw new InvalidDataAccessApiUsageException(c.op() + " on " + c.field() + " needs a "
        + "String, got " + (value == null ? "null" : value.getClass().getName()));
  }
}
