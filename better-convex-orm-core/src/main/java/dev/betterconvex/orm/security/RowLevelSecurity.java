package dev.betterconvex.orm.security;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.store.Document;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The policies of every table and the one place that decides. A table with row-level security
 * enabled allows an operation on a row only when at least one applicable permissive policy and
 * every applicable restrictive policy pass; with no applicable permissive policy it denies. A
 * policy that throws denies (fail closed) and is logged with its name; so does a policy whose
 * condition reads an absent context value (see {@link PolicyContext}). Tables without row-level
 * security are not restricted. The system scope ({@link #runAsSystem}) bypasses everything and
 * is logged.
 */
public final class RowLevelSecurity {

  private static final Log logger = LogFactory.getLog(RowLevelSecurity.class);
  private static final ThreadLocal<String> SYSTEM_SCOPE = new ThreadLocal<>();

  private final Map<String, List<Policy>> policies;

  private RowLevelSecurity(Map<String, List<Policy>> policies) {
    this.policies = policies;
  }

  private static final RowLevelSecurity DISABLED = new RowLevelSecurity(Map.of());

  /** Returns row-level security with no table enabled. */
  public static RowLevelSecurity disabled() {
    return DISABLED;
  }

  /** Starts declaring which tables have row-level security and their policies. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code work} in the trusted system scope, which bypasses row-level security for
   * administrative jobs; the scope is explicit, never the default, and logged with its reason.
   */
  public static <T> T runAsSystem(String reason, Supplier<T> work) {
    Objects.requireNonNull(reason, "reason");
    String previous = SYSTEM_SCOPE.get();
    logger.info("Row-level security bypassed by the system scope: " + reason);
    SYSTEM_SCOPE.set(reason);
    try {
      return work.get();
    }
    finally {
      if (previous == null) {
        SYSTEM_SCOPE.remove();
      }
      else {
        SYSTEM_SCOPE.set(previous);
      }
    }
  }

  /** Returns the context to enforce: the system context inside {@link #runAsSystem}. */
  public static PolicyContext effective(PolicyContextProvider provider) {
    return SYSTEM_SCOPE.get() != null ? PolicyContext.SYSTEM : provider.current();
  }

  /** Returns whether {@code table} has row-level security enabled. */
  public boolean isEnabled(String table) {
    return policies.containsKey(table);
  }

  /**
   * What a read of {@code table} must apply: a filter to add to the query (from declarative
   * policies, so an index can serve it) and the full decision to run on every row read.
   *
   * @param bind binds a policy's filter to the table (entity properties to fields, literals)
   * @throws RowLevelSecurityException before any read when an applicable policy is limited to
   *     roles and the context has no role information
   */
  public ReadRestriction forRead(String table, PolicyContext context,
      BiFunction<String, Filter, Filter> bind) {
    if (context.system() || !isEnabled(table)) {
      return ReadRestriction.NONE;
    }
    List<Policy> applicable = applicable(table, Operation.SELECT, context);
    List<Policy> permissive = applicable.stream().filter(p -> !p.restrictive()).toList();
    if (permissive.isEmpty()) {
      return new ReadRestriction(new Filter.Constant(false,
          "row-level security on \"" + table + "\": no permissive select policy applies"),
          doc -> false, names(applicable), List.of());
    }
    List<BoundCondition> bound = bind(table, applicable, false, context, bind);
    List<Filter> pushed = new ArrayList<>();
    List<Filter> alternatives = new ArrayList<>();
    boolean allDeclarative = true;
    for (BoundCondition c : bound) {
      if (c.policy().restrictive()) {
        if (c.filter() != null) {
          pushed.add(c.filter());
        }
      }
      else if (c.filter() != null) {
        alternatives.add(c.filter());
      }
      else {
        allDeclarative = false;
      }
    }
    if (allDeclarative) {
      pushed.add(alternatives.size() == 1 ? alternatives.get(0) : new Filter.Or(alternatives));
    }
    Filter filter = pushed.size() == 1 ? pushed.get(0) : new Filter.And(pushed);
    List<String> predicates = bound.stream().filter(c -> c.filter() == null)
        .map(c -> c.policy().name()).toList();
    return new ReadRestriction(filter, doc -> decide(table, bound, doc, context),
        names(applicable), predicates);
  }

  private static List<String> names(List<Policy> policies) {
    return policies.stream().map(Policy::name).toList();
  }

  /** Returns whether an existing row may be read, updated or deleted ({@code using}). */
  public boolean allows(String table, Operation operation, Document row, PolicyContext context,
      BiFunction<String, Filter, Filter> bind) {
    return allowed(table, operation, context, bind).test(row);
  }

  /**
   * Returns the {@code using} decision for many rows of one operation: the policies are bound
   * to the context once, not once per row.
   */
  public Predicate<Document> allowed(String table, Operation operation, PolicyContext context,
      BiFunction<String, Filter, Filter> bind) {
    if (context.system() || !isEnabled(table)) {
      return row -> true;
    }
    List<BoundCondition> bound = bind(table, applicable(table, operation, context), false,
        context, bind);
    return row -> decide(table, bound, row, context);
  }

  /**
   * Checks new row values of an insert or update ({@code withCheck}, falling back to
   * {@code using}).
   *
   * @throws RowLevelSecurityException naming the table, the operation and the policies
   */
  public void checkWrite(String table, Operation operation, Document row, PolicyContext context,
      BiFunction<String, Filter, Filter> bind) {
    writeCheck(table, operation, context, bind).accept(row);
  }

  /**
   * Returns {@link #checkWrite} for many rows of one operation (the rows a foreign-key action
   * changes): the policies are bound to the context once, not once per row.
   */
  public Consumer<Document> writeCheck(String table, Operation operation, PolicyContext context,
      BiFunction<String, Filter, Filter> bind) {
    if (context.system() || !isEnabled(table)) {
      return row -> { };
    }
    List<Policy> applicable = applicable(table, operation, context);
    List<BoundCondition> bound = bind(table, applicable, true, context, bind);
    return row -> {
      if (!decide(table, bound, row, context)) {
        throw new RowLevelSecurityException(table, operation, "Row-level security denies "
            + operation.name().toLowerCase(java.util.Locale.ROOT) + " on table \"" + table
            + "\" for " + describe(context) + ": " + (applicable.stream().noneMatch(p -> !p.restrictive())
            ? "no permissive policy applies"
            : "policies " + applicable.stream().map(Policy::name).toList() + " do not allow the row"));
      }
    };
  }

  /**
   * Throws when {@code row} may not be changed by {@code operation}: used for rows a
   * foreign-key action changes, which must pass the child table's policies as the same
   * principal.
   */
  public void requireAllowed(String table, Operation operation, Document row,
      PolicyContext context, BiFunction<String, Filter, Filter> bind, String cause) {
    requireAllowed(table, operation, context, bind, cause).accept(row);
  }

  /**
   * Returns {@link #requireAllowed} for the many rows one foreign-key action changes: the
   * policies are bound to the context once, not once per row.
   */
  public Consumer<Document> requireAllowed(String table, Operation operation,
      PolicyContext context, BiFunction<String, Filter, Filter> bind, String cause) {
    Predicate<Document> allowed = allowed(table, operation, context, bind);
    return row -> {
      if (!allowed.test(row)) {
        throw new RowLevelSecurityException(table, operation, "Row-level security denies "
            + operation.name().toLowerCase(java.util.Locale.ROOT) + " of row " + row.id()
            + " in table \"" + table + "\" for " + describe(context) + " (" + cause
            + "); policies " + applicable(table, operation, context).stream().map(Policy::name)
            .toList() + "; nothing was written");
      }
    };
  }

  /**
   * Throws when the existing row an {@code onConflictDoUpdate} collides with may not be both
   * read and updated (the {@code using} of SELECT and of UPDATE), as in PostgreSQL: an error,
   * never a silent skip, and one that does not describe the row.
   */
  public void requireUpsertTarget(String table, Document existing, PolicyContext context,
      BiFunction<String, Filter, Filter> bind) {
    if (!allows(table, Operation.SELECT, existing, context, bind)
        || !allows(table, Operation.UPDATE, existing, context, bind)) {
      throw new RowLevelSecurityException(table, Operation.UPDATE, "Row-level security denies "
          + "onConflictDoUpdate on table \"" + table + "\" for " + describe(context)
          + ": the row it conflicts with may not be read and updated under policies "
          + policies.getOrDefault(table, List.of()).stream().map(Policy::name).toList()
          + "; nothing was written");
    }
  }

  /**
   * A policy's condition bound to one context: the filter of a declarative condition, built
   * and bound once, or null for a Java predicate.
   */
  private record BoundCondition(Policy policy, Condition condition, @Nullable Filter filter) {
  }

  private static List<BoundCondition> bind(String table, List<Policy> applicable, boolean check,
      PolicyContext context, BiFunction<String, Filter, Filter> bind) {
    List<BoundCondition> bound = new ArrayList<>(applicable.size());
    for (Policy p : applicable) {
      Condition condition = check ? p.check() : p.using();
      bound.add(new BoundCondition(p, condition, condition instanceof Condition.Declarative d
          ? build(p, d, context, table, bind) : null));
    }
    return bound;
  }

  private static boolean decide(String table, List<BoundCondition> bound, Document row,
      PolicyContext context) {
    boolean anyPermissive = false;
    for (BoundCondition c : bound) {
      if (c.policy().restrictive()) {
        if (!passes(c, row, context, table)) {
          return false;
        }
      }
      else if (!anyPermissive && passes(c, row, context, table)) {
        anyPermissive = true;
      }
    }
    return anyPermissive;
  }

  private static boolean passes(BoundCondition c, Document row, PolicyContext context,
      String table) {
    try {
      if (c.filter() != null) {
        return c.filter().matches(row);
      }
      AbsentReads.Watched<Boolean> test = AbsentReads.watch(() ->
          ((Condition.Predicate) c.condition()).predicate().test(row, context));
      return test.value() && test.absent() == null;
    }
    catch (RuntimeException ex) {
      logger.warn("Row-level security policy \"" + c.policy().name() + "\" on table \""
          + table + "\" threw and denies: " + ex, ex);
      return false;
    }
  }

  private static Filter build(Policy policy, Condition.Declarative condition,
      PolicyContext context, String table, BiFunction<String, Filter, Filter> bind) {
    try {
      AbsentReads.Watched<Filter> filter = AbsentReads.watch(() ->
          condition.filter().apply(context));
      String absent = filter.absent();
      if (absent != null) {
        if (logger.isDebugEnabled()) {
          logger.debug("Row-level security policy \"" + policy.name() + "\" on table \""
              + table + "\" read " + absent + ", which is absent, and grants nothing");
        }
        return new Filter.Constant(false, "policy " + policy.name() + " read " + absent
            + ", which is absent");
      }
      return bind.apply(table, filter.value());
    }
    catch (RuntimeException ex) {
      logger.warn("Row-level security policy \"" + policy.name() + "\" on table \"" + table
          + "\" threw and denies: " + ex, ex);
      return new Filter.Constant(false, "policy " + policy.name() + " threw");
    }
  }

  private List<Policy> applicable(String table, Operation operation, PolicyContext context) {
    List<Policy> result = new ArrayList<>();
    for (Policy p : policies.getOrDefault(table, List.of())) {
      if (!p.operations().contains(operation)) {
        continue;
      }
      if (!p.roles().isEmpty()) {
        if (!context.rolesKnown()) {
          throw new RowLevelSecurityException(table, operation, "Policy \"" + p.name()
              + "\" on table \"" + table + "\" is limited to roles " + p.roles()
              + " but no role information is available for " + describe(context));
        }
        if (p.roles().stream().noneMatch(context::hasRole)) {
          continue;
        }
      }
      result.add(p);
    }
    return result;
  }

  private static String describe(PolicyContext context) {
    return context.isAnonymous() ? "the anonymous principal" : "\"" + context.principal() + "\"";
  }

  /**
   * What a read applies.
   *
   * @param filter added to the query's filter (an index can serve it)
   * @param rows the full decision, run on every row read
   * @param policies the names of the policies that apply to the read
   * @param predicatePolicies the names of those among them whose condition is a Java predicate
   *     ({@link Condition#test}): when there is none, {@code filter} alone is the whole decision
   */
  public record ReadRestriction(Filter filter, Predicate<Document> rows, List<String> policies,
      List<String> predicatePolicies) {

    static final ReadRestriction NONE = new ReadRestriction(new Filter.And(List.of()), doc -> true,
        List.of(), List.of());

    /** Copies the lists. */
    public ReadRestriction {
      policies = List.copyOf(policies);
      predicatePolicies = List.copyOf(predicatePolicies);
    }

    /** Returns whether the read is unrestricted. */
    public boolean isNone() {
      return this == NONE;
    }
  }

  /** Declares tables with row-level security and their policies. */
  public static final class Builder {

    private final Map<String, List<Policy>> policies = new LinkedHashMap<>();

    private Builder() {
    }

    /** Enables row-level security on {@code table}: with no policy, everything is denied. */
    public Builder enable(String table) {
      policies.computeIfAbsent(table, t -> new ArrayList<>());
      return this;
    }

    /** Adds a policy and enables row-level security on its table. */
    public Builder policy(Policy policy) {
      List<Policy> list = policies.computeIfAbsent(policy.table(), t -> new ArrayList<>());
      Set<String> names = new HashSet<>();
      list.forEach(p -> names.add(p.name()));
      if (!names.add(policy.name())) {
        throw new IllegalArgumentException("Policy \"" + policy.name() + "\" is declared twice on "
            + "table \"" + policy.table() + "\"");
      }
      list.add(policy);
      return this;
    }

    /** Builds the row-level security. */
    public RowLevelSecurity build() {
      Map<String, List<Policy>> copy = new LinkedHashMap<>();
      policies.forEach((t, l) -> copy.put(t, List.copyOf(l)));
      return new RowLevelSecurity(copy);
    }
  }

  static @Nullable String systemReason() {
    return SYSTEM_SCOPE.get();
  }
}
