package dev.betterconvex.orm.query;

import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.FilterInternals;
import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.relation.OrmSettings;
import dev.betterconvex.orm.relation.RelationLoader;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.PolicyContextProvider;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexRangeBuilder;
import dev.betterconvex.orm.store.InvalidIndexRangeException;
import dev.betterconvex.orm.store.Order;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The ORM over one engine: {@code orm.query(Post.class).where(eq("orgId", org)).limit(10)
 * .findMany()} for entities, or {@code orm.query("posts")} for documents. Thread-safe; create
 * one per engine.
 */
public final class ConvexOrm {

  private final ConvexEngine engine;
  private final EntityConverter converter;
  private final OrmSettings settings;
  private final RelationLoader relations;
  private final RowLevelSecurity rowLevelSecurity;
  private final PolicyContextProvider policyContexts;
  private final ObservationRegistry observations;
  private final EntityLifecycle lifecycle;
  /** The plans of equality shapes, shared by this ORM and every ORM derived from it. */
  private final PlanCache plans;
  /** The table and row shape of each entity class queried (the lifecycle is this ORM's). */
  private final ConcurrentMap<Class<?>, EntityQuery<?>> entityQueries = new ConcurrentHashMap<>();

  /** Creates the ORM over {@code engine}, mapping the entities of its schema. */
  public ConvexOrm(ConvexEngine engine) {
    this(engine, OrmSettings.DEFAULTS);
  }

  /** Creates the ORM over {@code engine} with guardrail settings of your own. */
  public ConvexOrm(ConvexEngine engine, OrmSettings settings) {
    this(engine, new EntityConverter(new ConvexMappingContext(engine.schema())), settings);
  }

  /** Creates the ORM over {@code engine} with an entity converter of your own. */
  public ConvexOrm(ConvexEngine engine, EntityConverter converter) {
    this(engine, converter, OrmSettings.DEFAULTS);
  }

  /**
   * Creates the ORM over {@code engine}: entities mapped by {@code converter}, relation loading
   * capped by {@code settings}.
   */
  public ConvexOrm(ConvexEngine engine, EntityConverter converter, OrmSettings settings) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.relations = new RelationLoader(engine, table -> null,
        new AggregateRelationCounter(this));
    this.rowLevelSecurity = RowLevelSecurity.disabled();
    this.policyContexts = PolicyContext::anonymous;
    this.observations = ObservationRegistry.NOOP;
    this.lifecycle = EntityLifecycle.none();
    this.plans = new PlanCache();
  }

  private ConvexOrm(ConvexOrm base, RowLevelSecurity rowLevelSecurity,
      PolicyContextProvider policyContexts, ObservationRegistry observations) {
    this(base, rowLevelSecurity, policyContexts, observations, base.lifecycle);
  }

  private ConvexOrm(ConvexOrm base, RowLevelSecurity rowLevelSecurity,
      PolicyContextProvider policyContexts, ObservationRegistry observations,
      EntityLifecycle lifecycle) {
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.engine = base.engine;
    this.converter = base.converter;
    this.settings = base.settings;
    this.rowLevelSecurity = Objects.requireNonNull(rowLevelSecurity, "rowLevelSecurity");
    this.policyContexts = Objects.requireNonNull(policyContexts, "policyContexts");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.plans = base.plans;
    this.relations = new RelationLoader(engine, table -> {
      RowLevelSecurity.ReadRestriction restriction = readRestriction(table);
      return restriction.isNone() ? null : restriction.rows();
    }, new AggregateRelationCounter(this));
  }

  /**
   * Returns this ORM enforcing {@code rowLevelSecurity} for the principal {@code policyContexts}
   * gives: every read (find, count, pagination, streams, relations) and every write of
   * {@link dev.betterconvex.orm.mutation.ConvexMutations} built on it.
   */
  public ConvexOrm withRowLevelSecurity(RowLevelSecurity rowLevelSecurity,
      PolicyContextProvider policyContexts) {
    return new ConvexOrm(this, rowLevelSecurity, policyContexts, observations);
  }

  /**
   * Returns this ORM recording a Micrometer observation of every read and write it runs, named
   * {@code better-convex.orm}, with the low-cardinality tags {@code table}, {@code operation}
   * ({@code findMany}, {@code count}, {@code insert}, ...) and {@code index} (the index the plan
   * reads, {@code none} for inserts).
   */
  public ConvexOrm withObservations(ObservationRegistry observations) {
    return new ConvexOrm(this, rowLevelSecurity, policyContexts, observations);
  }

  /**
   * Returns this ORM running {@code lifecycle} around the entities it writes and reads: entity
   * callbacks (auditing and Bean Validation are callbacks) and {@code @Version} checks, in the
   * writes of {@link dev.betterconvex.orm.mutation.ConvexMutations} built on it and in
   * repositories.
   */
  public ConvexOrm withEntityLifecycle(EntityLifecycle lifecycle) {
    return new ConvexOrm(this, rowLevelSecurity, policyContexts, observations, lifecycle);
  }

  /** Returns the entity lifecycle ({@link EntityLifecycle#none()} unless one was given). */
  public EntityLifecycle entityLifecycle() {
    return lifecycle;
  }

  /**
   * Runs {@code work} inside an observation of {@code operation} on {@code table}; the work sets
   * the {@code index} tag once it has a plan. Used by queries, and by mutations through
   * {@link OrmInternals}.
   */
  <R> R observe(String table, String operation, Function<Observation, R> work) {
    Observation observation = Observation.createNotStarted("better-convex.orm", observations);
    if (!observation.isNoop()) {
      // a no-op observation drops its tags; it still opens its scope (it hides an outer one)
      observation.lowCardinalityKeyValue("table", table)
          .lowCardinalityKeyValue("operation", operation)
          .lowCardinalityKeyValue("index", "none");
    }
    observation.start();
    try (Observation.Scope scope = observation.openScope()) {
      return work.apply(observation);
    }
    catch (RuntimeException ex) {
      observation.error(ex);
      throw ex;
    }
    finally {
      observation.stop();
    }
  }

  /**
   * Returns this ORM without row-level security, for integrity checks that must see every row
   * (unique constraints, foreign-key parents and children). It is what {@code new ConvexOrm}
   * gives; for administrative work prefer {@link RowLevelSecurity#runAsSystem}, which is logged.
   */
  public ConvexOrm withoutRowLevelSecurity() {
    return rowLevelSecurity == RowLevelSecurity.disabled() ? this
        : new ConvexOrm(this, RowLevelSecurity.disabled(), PolicyContext::anonymous,
            observations);
  }

  /** Returns the row-level security this ORM enforces ({@code disabled()} by default). */
  public RowLevelSecurity rowLevelSecurity() {
    return rowLevelSecurity;
  }

  /** Returns the policy context in force now: the caller's, or the system scope's. */
  public PolicyContext policyContext() {
    return RowLevelSecurity.effective(policyContexts);
  }

  /**
   * Binds a filter to {@code table} as {@code where} does: entity property names to document
   * fields, literals to field types, malformed ids to constants. Policies are bound with it.
   */
  Filter bindFilter(String table, Filter filter) {
    DatabaseReader db = engine.db();
    return FilterInternals.resolver(engine.schema().requireTable(table),
        (t, id) -> db.normalizeId(t, id).isPresent()).resolve(filter);
  }

  /** The observation the current thread runs in, if any. */
  io.micrometer.observation.@Nullable Observation currentObservation() {
    return observations.getCurrentObservation();
  }

  /** What row-level security adds to a read of {@code table} for the current principal. */
  RowLevelSecurity.ReadRestriction readRestriction(String table) {
    return rowLevelSecurity.forRead(table, policyContext(), this::bindFilter);
  }

  /**
   * Starts a read of {@code table} whose rows are documents; call {@link FindQuery#rows()} to
   * read them with relations ({@code with}).
   */
  public FindQuery<Document> query(String table) {
    return new FindQuery<>(this, engine.schema().requireTable(table), RowShape.documents());
  }

  /**
   * Starts a read of the table of {@code entityClass}, whose rows are entities.
   *
   * @throws InvalidDataAccessApiUsageException when the schema has no table for the class
   */
  @SuppressWarnings("unchecked")
  public <T> FindQuery<T> query(Class<T> entityClass) {
    EntityQuery<?> start = entityQueries.get(entityClass);
    if (start == null) {
      TableSchema table = engine.schema().table(entityClass).orElseThrow(() ->
          new InvalidDataAccessApiUsageException(entityClass.getName() + " is not an entity of "
              + "the schema: annotate it with @Table and add it to the schema"));
      start = new EntityQuery<>(table, RowShape.entities(converter, entityClass, lifecycle));
      entityQueries.put(entityClass, start);
    }
    EntityQuery<T> known = (EntityQuery<T>) start;
    return new FindQuery<>(this, known.table(), known.shape());
  }

  /** The table and row shape of an entity class's queries, found once per class. */
  private record EntityQuery<T>(TableSchema table, RowShape<T> shape) {
  }

  /**
   * Starts a stream over a range of an index of {@code table}; the range obeys the rules of
   * {@code withIndex}. Combine streams with {@link QueryStream#merge} and the stream methods.
   */
  public QueryStream.IndexStream stream(String table, String index,
      UnaryOperator<IndexRangeBuilder> range, Order order) {
    TableSchema schema = engine.schema().requireTable(table);
    IndexSchema indexSchema = schema.index(index).orElseThrow(() ->
        new InvalidIndexRangeException("Index " + table + "." + index + " not found"));
    IndexRange compiled = IndexRange.compile(table, indexSchema,
        range.apply(new IndexRangeBuilder()).expressions());
    QueryStream.IndexStream stream = new QueryStream.IndexStream(engine, new IndexSource(
        EngineInternals.cursors(engine), compiled, order, IndexSource.equalityPrefixLength(compiled), 0, null));
    return rowLevelSecurity.isEnabled(table)
        ? stream.allowing(() -> readRestriction(table).rows()) : stream;
  }

  /** Returns the engine the ORM runs on. */
  public ConvexEngine engine() {
    return engine;
  }

  /** Returns the converter between entities and documents. */
  public EntityConverter converter() {
    return converter;
  }

  /** Returns the guardrail settings of relation loading. */
  public OrmSettings settings() {
    return settings;
  }

  /** Returns the plans kept per query shape. */
  PlanCache plans() {
    return plans;
  }

  /** Returns the loader that runs {@code with}: plan, then batched reads per relation level. */
  RelationLoader relations() {
    return relations;
  }
}
