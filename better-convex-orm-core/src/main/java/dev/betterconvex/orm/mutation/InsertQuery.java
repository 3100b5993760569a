package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.callback.AfterSaveCallback;
import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.RelationQuery;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.UniqueConstraint;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * An insert of one or more rows, Drizzle style: {@code values}, then optionally
 * {@code onConflictDoNothing} or {@code onConflictDoUpdate} and {@code returning}, then
 * {@code execute()}. All rows are written in one transaction, in order, each seeing the ones
 * before it. Build one per statement; not thread-safe.
 *
 * @param <R> the type of the rows {@code returning} gives
 */
public final class InsertQuery<R> {

  private enum OnConflict { FAIL, DO_NOTHING, DO_UPDATE }

  private final ConvexMutations mutations;
  private final TableSchema table;
  private final Function<Document, R> mapper;
  private final List<Object> rows = new ArrayList<>();
  private OnConflict onConflict = OnConflict.FAIL;
  private @Nullable UniqueConstraint target;
  private Map<String, ?> set = Map.of();
  private boolean returning;
  private ReturningCounts counts = new ReturningCounts();
  private final boolean entityClass;

  InsertQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper,
      boolean entityClass) {
    this.mutations = mutations;
    this.table = table;
    this.mapper = mapper;
    this.entityClass = entityClass;
  }

  /**
   * Adds rows: maps from fields (or entity property names) to Java values, or entities of the
   * table. In a map, null is an explicit null (a static default does not replace it) and
   * {@link dev.betterconvex.orm.store.DatabaseWriter#UNSET} leaves the field absent.
   */
  public InsertQuery<R> values(Object... rows) {
    return values(Arrays.asList(rows));
  }

  /** Adds the rows of the list, as {@link #values(Object...)} does. */
  public InsertQuery<R> values(List<?> rows) {
    this.rows.addAll(rows);
    return this;
  }

  /** Skips, without error, each row that would break any unique constraint. */
  public InsertQuery<R> onConflictDoNothing() {
    this.onConflict = OnConflict.DO_NOTHING;
    this.target = null;
    return this;
  }

  /**
   * Skips each row that would break the unique constraint on {@code target} (its fields, or its
   * name); a row breaking another unique constraint still fails.
   */
  public InsertQuery<R> onConflictDoNothing(String... target) {
    this.onConflict = OnConflict.DO_NOTHING;
    this.target = constraint(List.of(target));
    return this;
  }

  /**
   * Upserts: a row that would break the unique constraint on {@code target} (its fields, or its
   * name) updates the row it collides with by {@code set} instead, as an update would (on-update
   * functions of fields not in {@code set} run once, constraints and foreign-key actions apply).
   * An empty {@code set} leaves the existing row alone. A row breaking another unique constraint
   * fails.
   */
  public InsertQuery<R> onConflictDoUpdate(List<String> target, Map<String, ?> set) {
    this.onConflict = OnConflict.DO_UPDATE;
    this.target = constraint(target);
    this.set = new LinkedHashMap<>(set);
    return this;
  }

  /** Upserts on the unique constraint of one field (or the constraint of that name). */
  public InsertQuery<R> onConflictDoUpdate(String target, Map<String, ?> set) {
    return onConflictDoUpdate(List.of(target), set);
  }

  /** Returns every row inserted or updated, whole, in {@link MutationResult#rows()}. */
  public InsertQuery<R> returning() {
    this.returning = true;
    return this;
  }

  /** Returns the given fields (or entity properties, {@code _id} included) of every row written. */
  public InsertQuery<Map<String, @Nullable Object>> returning(String... fields) {
    InsertQuery<Map<String, @Nullable Object>> projected =
        new InsertQuery<>(mutations, table, mutations.columns(table, fields), false);
    projected.rows.addAll(rows);
    projected.onConflict = onConflict;
    projected.target = target;
    projected.set = set;
    projected.returning = true;
    projected.counts = counts.copy();
    return projected;
  }

  /**
   * Counts relation {@code relation} of every returned row, after the inserts and in their
   * transaction, as a query's {@code withCount} does (from an aggregate index, one read for all
   * rows); the rows of {@code returning(fields...)} hold the counts under {@code _count},
   * entities in their {@code @RelationCount} property.
   */
  public InsertQuery<R> withCount(String relation) {
    return withCount(relation, r -> r);
  }

  /** Counts relation {@code relation} of every returned row as {@code spec} says. */
  public InsertQuery<R> withCount(String relation, UnaryOperator<RelationQuery> spec) {
    counts.add(spec.apply(RelationQuery.count(relation)));
    return this;
  }

  /**
   * Inserts the rows in one mutation. Each entity row runs, inside it, the ORM's entity
   * lifecycle ({@link ConvexOrm#withEntityLifecycle}): before-convert callbacks (auditing),
   * its {@code @Version} set to 0, before-save callbacks (Bean Validation), and after-save
   * callbacks once written; a map row gets an absent {@code @Version} field as 0.
   *
   * @throws UniqueConstraintViolationException when a row breaks a unique constraint the
   *     conflict clause does not cover
   * @throws ForeignKeyViolationException when a row references a parent that does not exist
   * @throws CheckConstraintViolationException when a row fails a check constraint
   * @throws dev.betterconvex.orm.store.InvalidDocumentException when a row does not match the
   *     schema (a missing not-null field, a value of another type), naming table and field
   * @throws MutationLimitExceededException when the transaction touches too many rows
   */
  public MutationResult<R> execute() {
    return OrmInternals.observe(mutations.orm(), table.name(), "insert",
        o -> executeObserved());
  }

  private MutationResult<R> executeObserved() {
    if (rows.isEmpty()) {
      return new MutationResult<>(List.of(), 0);
    }
    RowValues.Changes changes = RowValues.forSet(table, set);
    @Nullable ConvexPersistentEntity<?> entity = mutations.entity(table);
    @Nullable String versionField = EntityLifecycle.versionField(entity);
    EntityLifecycle lifecycle = mutations.lifecycle();
    boolean afterSave = lifecycle.has(AfterSaveCallback.class);
    RelationPlan countPlan = counts.plan(mutations, table, returning, mapper);
    return mutations.run(false, statement -> {
      // Inside the transaction: the callbacks of entity rows run in it, and again on a re-run.
      List<TreeMap<String, ConvexValue>> inputs = new ArrayList<>();
      List<Boolean> entityRows = new ArrayList<>();
      for (Object row : rows) {
        boolean isEntity = entity != null && entity.getType() == row.getClass();
        Object value = entity != null && isEntity
            ? lifecycle.beforeWrite(entity, row, true).entity() : row;
        inputs.add(RowValues.forInsert(table, mutations.orm().converter(), value));
        entityRows.add(isEntity);
      }
      // A plain insert writes nothing but its rows: the parents it references by id are checked
      // by the statement that inserts the rows, not read before.
      boolean deferParents = onConflict == OnConflict.FAIL
          && statement.db instanceof EngineInternals;
      if (deferParents) {
        statement.constraints.deferParents();
      }
      try {
        statement.constraints.prefetch(table, inputs.size(),
            () -> inputs.stream().map(ConvexObject::new).toList(), null);
        List<String> ids = new ArrayList<>();
        List<Boolean> idIsEntity = new ArrayList<>();
        boolean readBack = returning || afterSave && entityRows.contains(Boolean.TRUE);
        // An upsert may write one document twice: each row returns the document as it left it.
        List<Document> upserted = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
          // The row's own map: nothing reads the input after its insert.
          String id = insertOne(statement, inputs.get(i), changes, versionField);
          if (id != null) {
            ids.add(id);
            idIsEntity.add(entity != null && entityRows.get(i));
            if (readBack && onConflict != OnConflict.FAIL) {
              upserted.add(statement.reread(table.name(), id));
            }
          }
        }
        if (statement.constraints.hasDeferredParents()
            && statement.db instanceof EngineInternals internal) {
          internal.flush(table.name()); // the check of the parents fails here, in the statement
        }
        List<R> written = new ArrayList<>();
        if (readBack) {
          // A plain insert reads its rows back after they all went together: one read, not one
          // (and a flush of the buffered rows) per row.
          Map<String, Document> stored = onConflict == OnConflict.FAIL
              ? statement.rereadAll(table.name(), ids) : Map.of();
          List<Document> documents = new ArrayList<>(ids.size());
          for (int i = 0; i < ids.size(); i++) {
            documents.add(onConflict == OnConflict.FAIL
                ? Objects.requireNonNull(stored.get(ids.get(i)), ids.get(i)) : upserted.get(i));
          }
          List<Map<String, Long>> counted = countPlan == null ? null
              : ReturningCounts.load(statement, countPlan, documents);
          for (int i = 0; i < ids.size(); i++) {
            Document document = documents.get(i);
            if (entity != null && idIsEntity.get(i) && afterSave) {
              Object saved = lifecycle.callback(AfterSaveCallback.class, counted == null
                  ? mutations.orm().converter().read(entity.getType(), document)
                  : mutations.orm().converter().read(entity.getType(), document,
                      ReturningCounts.relations(counted.get(i))), table.name());
              if (returning && entityClass) {
                @SuppressWarnings("unchecked")
                R row = (R) saved;
                written.add(row);
                continue;
              }
            }
            if (returning) {
              written.add(counted == null ? mapper.apply(document)
                  : ReturningCounts.withCounts(mapper, document, counted.get(i)));
            }
          }
        }
        int affected = ids.size();
        return new MutationResult<>(written, affected);
      }
      catch (RuntimeException failure) {
        throw statement.constraints.explain(failure);
      }
    });
  }

  /** Inserts or upserts one row; returns the id written, or null when the row was skipped. */
  private @Nullable String insertOne(Statement statement, TreeMap<String, ConvexValue> fields,
      RowValues.Changes changes, @Nullable String versionField) {
    RowValues.applyDefaults(table, fields, versionField);
    boolean uniqueChecked = false;
    if (onConflict != OnConflict.FAIL) {
      ConvexObject proposed = new ConvexObject(fields);
      Constraints.Conflict conflict = statement.constraints.findConflict(table, proposed, null,
          null, target);
      if (conflict != null) {
        boolean onTarget = target == null || conflict.constraint().equals(target);
        if (onConflict == OnConflict.DO_NOTHING && onTarget) {
          return null;
        }
        if (onConflict == OnConflict.DO_UPDATE && onTarget) {
          if (changes.isEmpty()) {
            return null;
          }
          Document existing = conflict.existing();
          RowLevelSecurityGuard.requireUpsertTarget(mutations.orm(), table.name(), existing);
          statement.writer.update(table, existing,
              RowValues.applyUpdate(table, existing.fields(), changes, versionField), null);
          return existing.id();
        }
        throw statement.constraints.violation(table, conflict, proposed);
      }
      uniqueChecked = true;
    }
    List<String> filled = RowValues.fillOnUpdate(table, fields);
    if (uniqueChecked && table.uniqueConstraints().stream().anyMatch(u -> u.fields().stream()
        .anyMatch(f -> filled.contains(Constraints.top(f))))) {
      uniqueChecked = false;
    }
    return statement.writer.insert(table, new ConvexObject(fields), uniqueChecked);
  }

  private UniqueConstraint constraint(List<String> target) {
    Set<String> fields = new HashSet<>();
    target.forEach(name -> fields.add(RowValues.field(table, name)));
    for (UniqueConstraint unique : table.uniqueConstraints()) {
      if (fields.size() == unique.fields().size() && fields.containsAll(unique.fields())) {
        return unique;
      }
    }
    for (UniqueConstraint unique : table.uniqueConstraints()) {
      if (target.size() == 1 && unique.name().equals(target.get(0))) {
        return unique;
      }
    }
    throw new InvalidDataAccessApiUsageException("Conflict target " + target + " of table \""
        + table.name() + "\" is not a unique constraint: give the fields or the name of one of "
        + table.uniqueConstraints().stream().map(u -> u.name() + u.fields()).toList());
  }
}
