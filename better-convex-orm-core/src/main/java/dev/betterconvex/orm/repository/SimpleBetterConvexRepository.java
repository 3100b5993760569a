package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.callback.AfterConvertCallback;
import dev.betterconvex.orm.callback.AfterDeleteCallback;
import dev.betterconvex.orm.callback.AfterSaveCallback;
import dev.betterconvex.orm.callback.BeforeDeleteCallback;
import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.mutation.DeleteQuery;
import dev.betterconvex.orm.mutation.UpdateQuery;
import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.security.RowLevelSecurityException;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.StaleVersionException;
import dev.betterconvex.orm.store.TransactionLimitExceededException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.data.domain.Example;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.projection.SpelAwareProxyProjectionFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.query.FluentQuery;
import org.springframework.data.repository.core.support.PersistentEntityInformation;
import org.springframework.util.Assert;

/**
 * The CRUD methods of a {@link BetterConvexRepository}, over the engine's low-level API and the
 * ORM's queries. Writes run in one {@code mutation} per call (serializable, re-run on conflict),
 * reads in one {@code query}; inside a Spring transaction on the engine's {@code DataSource}
 * both join it. A malformed id, or the id of another table, finds nothing and deletes nothing.
 *
 * @param <T> the entity type
 */
public class SimpleBetterConvexRepository<T> implements BetterConvexRepository<T> {

  /** Writes go through the ORM's mutations: constraints, foreign keys and row-level security. */
  private final ConvexMutations mutations;

  private final ConvexOrm orm;
  private final ConvexPersistentEntity<T> entity;
  private final EntityInformation<T, String> information;
  private final TableSchema table;
  private final PropertyFields fields;
  private final ExampleQueries<T> examples;
  private final ProjectionFactory projections = new SpelAwareProxyProjectionFactory();
  private final @Nullable String versionField;
  private int defaultPageSize = Paging.DEFAULT_PAGE_SIZE;

  /** Creates the repository of {@code entity}, a table entity with an {@code @Id} property. */
  public SimpleBetterConvexRepository(ConvexOrm orm, ConvexPersistentEntity<T> entity) {
    this.orm = Objects.requireNonNull(orm, "orm");
    this.entity = Objects.requireNonNull(entity, "entity");
    this.information = new PersistentEntityInformation<>(entity);
    this.table = entity.getRequiredTable();
    this.fields = new PropertyFields(orm.converter().getMappingContext(), entity);
    this.mutations = new ConvexMutations(orm);
    this.examples = new ExampleQueries<>(orm, entity, fields);
    this.versionField = EntityLifecycle.versionField(entity);
  }

  /** Sets the page size of {@code findAll(ScrollPosition, Limit.unlimited())}. */
  void defaultPageSize(int defaultPageSize) {
    this.defaultPageSize = defaultPageSize;
  }

  /**
   * Inserts {@code entity} when its id is null, else replaces the user fields of the document
   * with that id; returns the stored entity read back (with its id, creation time and version),
   * after the entity lifecycle ({@link EntityLifecycle}: callbacks, auditing, validation) ran
   * inside the mutation. A record passed in is not changed.
   *
   * @throws IncorrectUpdateSemanticsDataAccessException when the id names no document of the
   *     table
   * @throws OptimisticLockingFailureException when the entity has a {@code @Version} other than
   *     the stored document's ({@link StaleVersionException}); nothing is written
   * @throws RowLevelSecurityException when the principal can read the document but no update
   *     policy lets them change it; nothing is written
   */
  @Override
  public <S extends T> S save(S entity) {
    Assert.notNull(entity, "Entity must not be null");
    return orm.engine().mutation(db -> write(db, entity));
  }

  /** Saves every entity in one mutation: all are stored, or none. */
  @Override
  public <S extends T> List<S> saveAll(Iterable<S> entities) {
    Assert.notNull(entities, "Entities must not be null");
    return orm.engine().mutation(db -> {
      List<S> saved = new ArrayList<>();
      for (S each : entities) {
        saved.add(write(db, each));
      }
      return saved;
    });
  }

  @SuppressWarnings("unchecked")
  private <S extends T> S write(DatabaseWriter db, S value) {
    String id = information.getId(value);
    EntityLifecycle.Prepared<S> prepared = orm.entityLifecycle().beforeWrite(entity, value,
        id == null);
    Map<String, Object> userFields =
        new LinkedHashMap<>(orm.converter().write(prepared.entity()).fields());
    if (id == null) {
      return (S) afterSave(mutations.insert(table.name()).values(userFields).returning()
          .execute().rows().get(0));
    }
    for (FieldSchema field : table.fields()) {
      userFields.putIfAbsent(field.name(), DatabaseWriter.UNSET);
    }
    UpdateQuery<Document> update = mutations.update(table.name()).set(userFields)
        .where(Filters.eq(Document.ID, id));
    if (versionField != null) {
      update.where(EntityLifecycle.versionIs(versionField, prepared.expectedVersion()));
    }
    List<Document> updated = update.returning().execute().rows();
    if (updated.isEmpty()) {
      find(id).ifPresent(stored -> {
        if (versionField != null && !EntityLifecycle.versionIs(versionField,
            prepared.expectedVersion()).matches(stored)) {
          throw stale("save", id, prepared.expectedVersion(), stored);
        }
        // Visible, of the expected version, and not updated: an update policy refused it.
        orm.rowLevelSecurity().requireAllowed(table.name(), Operation.UPDATE, stored,
            orm.policyContext(), OrmInternals.filterBinder(orm), "saved through the repository of "
                + entity.getType().getSimpleName());
      });
      throw new IncorrectUpdateSemanticsDataAccessException("Cannot save "
          + entity.getType().getSimpleName() + " with id \"" + id + "\": table \""
          + table.name() + "\" has no document with that id that you may change (save inserts "
          + "an entity whose id is null)");
    }
    return (S) afterSave(updated.get(0));
  }

  private T afterSave(Document stored) {
    return orm.entityLifecycle().callback(AfterSaveCallback.class, read(stored), table.name());
  }

  /** The failure of a write whose entity carries another version than the stored row. */
  private StaleVersionException stale(String operation, String id,
      @Nullable Long given, @Nullable Document stored) {
    String now = stored == null ? "the document is gone"
        : "the stored document has version " + stored.getJava(Objects.requireNonNull(versionField));
    return new StaleVersionException("Cannot " + operation + " "
        + entity.getType().getSimpleName() + " with id \"" + id + "\" and version " + given
        + ": " + now + " (another write changed it since it was read; read it again and retry)");
  }

  /** Returns the entity with this id; empty when none, or when the id is malformed. */
  @Override
  public Optional<T> findById(String id) {
    Assert.notNull(id, "Id must not be null");
    return orm.engine().query(db -> find(id).map(this::read));
  }

  @Override
  public boolean existsById(String id) {
    Assert.notNull(id, "Id must not be null");
    return orm.engine().query(db -> find(id).isPresent());
  }

  /**
   * Returns every entity, newest first, as Spring Data's {@code findAll()} does: the table's
   * default limit does not cut it short; the transaction limits bound it.
   *
   * @throws TransactionLimitExceededException when the table is larger than one transaction
   *     may read, naming the limit and how to page
   */
  @Override
  public List<T> findAll() {
    return findAll(Sort.unsorted(), Limit.unlimited());
  }

  /**
   * Returns every entity in the {@code Sort} order, which an index must serve.
   *
   * @throws UnboundedQueryException when no index serves the order, naming what to declare
   */
  @Override
  public List<T> findAll(Sort sort) {
    return findAll(sort, Limit.unlimited());
  }

  @Override
  public List<T> findAll(Limit limit) {
    return findAll(Sort.unsorted(), limit);
  }

  @Override
  public List<T> findAll(Sort sort, Limit limit) {
    Assert.notNull(limit, "Limit must not be null");
    FindQuery<T> query = sorted(sort);
    if (limit.isLimited()) {
      return query.limit(limit.max()).findMany();
    }
    return ReadAll.rows(query, findAllDescription(), "findAll(ScrollPosition.keyset(), "
        + "Limit.of(n)), continuing from window.positionAt(window.size() - 1)");
  }

  /**
   * Returns the page {@code pageable} asks for, in its sort (which an index must serve), with
   * the table's total count, in one snapshot. The page is read by offset, so it reads the rows
   * it skips; the total counts every row the principal may read, unless the page shows it (a
   * short page). Both are within the transaction limits (32,000 documents scanned by default).
   *
   * @throws UnboundedQueryException when no index serves the order, naming what to declare
   */
  @Override
  public Page<T> findAll(Pageable pageable) {
    Assert.notNull(pageable, "Pageable must not be null");
    return Paging.page(orm.engine(), pageable, () -> sorted(pageable.getSort()),
        findAllDescription(), "findAll(Pageable) with a PageRequest, or "
            + "findAll(ScrollPosition.keyset(), Limit.of(n))", this::count);
  }

  /** The entities in {@code sort} order, refused when no index serves it. */
  private FindQuery<T> sorted(Sort sort) {
    Assert.notNull(sort, "Sort must not be null");
    List<dev.betterconvex.orm.filter.Sort> order = fields.sort(sort);
    FindQuery<T> query = orm.query(entity.getType())
        .orderBy(order.toArray(dev.betterconvex.orm.filter.Sort[]::new));
    String name = entity.getType().getSimpleName();
    QueryPlan plan = query.explain();
    if (plan.orderStrategy() == QueryPlan.OrderStrategy.SORT_AFTER_READ) {
      throw new UnboundedQueryException(findAllDescription() + " was called with " + sort
          + ": no index of table \"" + table.name() + "\" serves the order " + order
          + " (the planner would read " + plan.index() + "), and a repository sorts only what "
          + "an index orders. " + MethodChecks.addIndex(sortFields(order), entity.getType())
          + ", or declare a query method that may sort after reading every document, such as "
          + "@AllowFullScan List<" + name + "> findAllBy(Sort sort)");
    }
    return query;
  }

  private String findAllDescription() {
    return "findAll on the repository of " + entity.getType().getSimpleName();
  }

  private static List<String> sortFields(List<dev.betterconvex.orm.filter.Sort> order) {
    List<String> names = new ArrayList<>();
    for (dev.betterconvex.orm.filter.Sort s : order) {
      if (!names.contains(s.field())) {
        names.add(s.field());
      }
    }
    return names;
  }

  @Override
  public Window<T> findAll(ScrollPosition position, Limit limit) {
    return findAll(Sort.unsorted(), position, limit);
  }

  @Override
  public Window<T> findAll(Sort sort, ScrollPosition position, Limit limit) {
    Assert.notNull(sort, "Sort must not be null");
    Assert.notNull(limit, "Limit must not be null");
    FindQuery<T> query = orm.query(entity.getType())
        .orderBy(fields.sort(sort).toArray(dev.betterconvex.orm.filter.Sort[]::new));
    return Paging.window(query, position, Paging.size(Paging.size(limit), defaultPageSize),
        "findAll on the repository of " + entity.getType().getSimpleName());
  }

  /**
   * Returns the one entity matching {@code example}, planned like any query (an index must
   * narrow it).
   *
   * @throws IncorrectResultSizeDataAccessException when more than one matches
   * @throws UnboundedQueryException when no index narrows the example
   */
  @Override
  public <S extends T> Optional<S> findOne(Example<S> example) {
    return examples.findOne(example);
  }

  /** Returns every entity matching {@code example}, within the transaction limits. */
  @Override
  public <S extends T> List<S> findAll(Example<S> example) {
    return examples.findAll(example, Sort.unsorted());
  }

  /** Returns every entity matching {@code example} in {@code sort} order (an index serves it). */
  @Override
  public <S extends T> List<S> findAll(Example<S> example, Sort sort) {
    return examples.findAll(example, sort);
  }

  /** Returns the page of matches {@code pageable} asks for, with their total, in one snapshot. */
  @Override
  public <S extends T> Page<S> findAll(Example<S> example, Pageable pageable) {
    return examples.findAll(example, pageable);
  }

  @Override
  public <S extends T> long count(Example<S> example) {
    return examples.count(example);
  }

  @Override
  public <S extends T> boolean exists(Example<S> example) {
    return examples.exists(example);
  }

  /**
   * The fluent Query by Example API: {@code sortBy}, {@code limit}, {@code as} (an interface or
   * DTO projection), then {@code one}/{@code oneValue}, {@code first}/{@code firstValue},
   * {@code all}, {@code page}, {@code slice}, {@code scroll}, {@code stream}, {@code count} or
   * {@code exists}; planned like {@link #findAll(Example, Sort)}. {@code project(properties)}
   * is refused, naming {@code as} instead.
   */
  @Override
  public <S extends T, R> R findBy(Example<S> example,
      Function<FluentQuery.FetchableFluentQuery<S>, R> queryFunction) {
    return queryFunction.apply(new FluentExampleQuery<S, S>(examples, example, projections));
  }

  /**
   * Returns the entities with these ids, in the order given, without duplicates, skipping
   * unknown and malformed ids.
   */
  @Override
  public List<T> findAllById(Iterable<String> ids) {
    Assert.notNull(ids, "Ids must not be null");
    Set<String> distinct = distinct(ids);
    return orm.engine().query(db -> {
      List<T> found = new ArrayList<>();
      for (String id : distinct) {
        find(id).map(this::read).ifPresent(found::add);
      }
      return found;
    });
  }

  /**
   * Counts every entity of the table: an explicit whole-table read, within the transaction
   * limits.
   */
  @Override
  public long count() {
    return orm.query(entity.getTableName()).allowFullScan().count();
  }

  /**
   * Deletes the entity with this id; does nothing when there is none, the id is malformed or
   * row-level security hides the document from the principal. The delete callbacks see the
   * entity read first; no {@code @Version} is checked.
   *
   * @throws RowLevelSecurityException when the principal can read the document but a delete
   *     policy refuses it; nothing is deleted
   */
  @Override
  public void deleteById(String id) {
    Assert.notNull(id, "Id must not be null");
    orm.engine().mutation(db -> deleteById(db, id));
  }

  /**
   * Deletes the entity's document; does nothing for an entity never saved (id null). A
   * versioned entity must carry the stored version.
   *
   * @throws OptimisticLockingFailureException when the entity has a {@code @Version} and the
   *     document is gone or has another version; nothing is deleted
   */
  @Override
  public void delete(T entity) {
    Assert.notNull(entity, "Entity must not be null");
    if (information.getId(entity) != null) {
      orm.engine().mutation(db -> delete(db, entity));
    }
  }

  /**
   * Deletes the entities with these ids in one mutation, ignoring unknown ids.
   *
   * @throws RowLevelSecurityException as {@link #deleteById} does; then none is deleted
   */
  @Override
  public void deleteAllById(Iterable<? extends String> ids) {
    Assert.notNull(ids, "Ids must not be null");
    Set<String> distinct = distinct(ids);
    orm.engine().mutation(db -> {
      distinct.forEach(id -> deleteById(db, id));
      return null;
    });
  }

  /**
   * Deletes these entities in one mutation, ignoring those never saved (or, without a
   * {@code @Version}, already gone).
   *
   * @throws OptimisticLockingFailureException as {@link #delete} does; then none is deleted
   */
  @Override
  public void deleteAll(Iterable<? extends T> entities) {
    Assert.notNull(entities, "Entities must not be null");
    List<T> saved = new ArrayList<>();
    for (T each : entities) {
      if (information.getId(each) != null) {
        saved.add(each);
      }
    }
    orm.engine().mutation(db -> {
      saved.forEach(each -> delete(db, each));
      return null;
    });
  }

  /**
   * Deletes every entity of the table in one mutation: an explicit whole-table write, within
   * the transaction limits (16,000 documents written by default). No delete callbacks run.
   */
  @Override
  public void deleteAll() {
    mutations.delete(table.name()).allowFullScan().execute();
  }

  private @Nullable Void deleteById(DatabaseWriter db, String id) {
    EntityLifecycle lifecycle = orm.entityLifecycle();
    if (lifecycle.has(BeforeDeleteCallback.class) || lifecycle.has(AfterDeleteCallback.class)) {
      Optional<Document> found = find(id);
      if (found.isPresent()) {
        delete(db, read(found.get()));
        return null;
      }
    }
    delete(id, null);
    return null;
  }

  private @Nullable Void delete(DatabaseWriter db, T value) {
    String table = this.table.name();
    T deleting = orm.entityLifecycle().callback(BeforeDeleteCallback.class, value, table);
    String id = Objects.requireNonNull(information.getId(deleting), "id");
    if (versionField == null) {
      delete(id, null);
    }
    else {
      Long version = EntityLifecycle.version(entity, deleting);
      if (!delete(id, EntityLifecycle.versionIs(versionField, version))) {
        throw stale("delete", id, version, find(id).orElse(null));
      }
    }
    orm.entityLifecycle().callback(AfterDeleteCallback.class, deleting, table);
    return null;
  }

  /**
   * Deletes the document with {@code id} (and {@code version}, when given); returns whether it
   * did. When nothing was deleted but the principal can read the document, a delete policy may
   * have refused it: that fails the mutation, where an absent (or unreadable) document is
   * ignored, so a denial never answers like success.
   */
  private boolean delete(String id, @Nullable Filter version) {
    DeleteQuery<Document> delete = mutations.delete(table.name())
        .where(Filters.eq(Document.ID, id));
    if (version != null) {
      delete.where(version);
    }
    if (delete.execute().affected() > 0) {
      return true;
    }
    find(id).filter(document -> version == null || version.matches(document)).ifPresent(
        document -> orm.rowLevelSecurity().requireAllowed(table.name(), Operation.DELETE,
            document, orm.policyContext(), OrmInternals.filterBinder(orm), "deleted through the repository of "
                + entity.getType().getSimpleName()));
    return false;
  }

  /**
   * The document of this table with {@code id} the principal may read; empty for a malformed id
   * or another table's.
   */
  private Optional<Document> find(String id) {
    return orm.query(table.name()).where(Filters.eq(Document.ID, id)).findFirst();
  }

  private T read(Document document) {
    return orm.entityLifecycle().callback(AfterConvertCallback.class,
        orm.converter().read(entity.getType(), document), table.name());
  }

  private static Set<String> distinct(Iterable<? extends String> ids) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String id : ids) {
      Assert.notNull(id, "Ids must not contain null");
      distinct.add(id);
    }
    return distinct;
  }
}
