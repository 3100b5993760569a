package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The ORM's writes over one {@link ConvexOrm}, in Drizzle's vocabulary:
 * {@code insert(table).values(...)}, {@code update(table).set(...).where(...)},
 * {@code delete(table).where(...)}, each with {@code returning} and ended by {@code execute()}.
 * Each statement runs as one serializable mutation ({@code ConvexEngine.mutation}), foreign-key
 * actions included, and commits whole or not at all; inside a Spring transaction it joins it.
 * Thread-safe; create one per ORM.
 */
public final class ConvexMutations {

  private final ConvexOrm orm;
  private final ConvexOrm integrity;
  private final MutationSettings settings;
  private final WriteGuard guard;
  private final ForeignKeyGraph graph;

  /** Creates the writes over {@code orm} with the default settings. */
  public ConvexMutations(ConvexOrm orm) {
    this(orm, MutationSettings.DEFAULTS);
  }

  /** Creates the writes over {@code orm} with {@code settings}. */
  public ConvexMutations(ConvexOrm orm, MutationSettings settings) {
    this(orm, settings, WriteGuard.NONE);
  }

  /**
   * Creates the writes over {@code orm} with {@code settings}, showing every row write,
   * foreign-key actions included, to {@code guard} before it happens.
   */
  public ConvexMutations(ConvexOrm orm, MutationSettings settings, WriteGuard guard) {
    this.orm = Objects.requireNonNull(orm, "orm");
    this.integrity = orm.withoutRowLevelSecurity();
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(guard, "guard");
    WriteGuard rowLevelSecurity = new RowLevelSecurityGuard(orm);
    this.guard = write -> {
      rowLevelSecurity.check(write);
      guard.check(write);
    };
    this.graph = new ForeignKeyGraph(orm.engine().schema());
  }

  /** The mapper of statements returning documents, which cannot hold relation counts. */
  static final Function<Document, Document> DOCUMENTS = doc -> doc;

  /** The mapper of statements returning entities of {@code type}. */
  record EntityRows<T>(EntityConverter converter, Class<T> type) implements Function<Document, T> {

    @Override
    public T apply(Document document) {
      return converter.read(type, document);
    }
  }

  /** Starts an insert into {@code table}; {@code returning} gives documents. */
  public InsertQuery<Document> insert(String table) {
    return new InsertQuery<>(this, requireTable(table), DOCUMENTS, false);
  }

  /** Starts an insert into the table of {@code entityClass}; {@code returning} gives entities. */
  public <T> InsertQuery<T> insert(Class<T> entityClass) {
    return new InsertQuery<>(this, requireTable(entityClass), entityReader(entityClass), true);
  }

  /** Starts an update of {@code table}; {@code returning} gives documents. */
  public UpdateQuery<Document> update(String table) {
    return new UpdateQuery<>(this, requireTable(table), DOCUMENTS);
  }

  /** Starts an update of the table of {@code entityClass}; {@code returning} gives entities. */
  public <T> UpdateQuery<T> update(Class<T> entityClass) {
    return new UpdateQuery<>(this, requireTable(entityClass), entityReader(entityClass));
  }

  /** Starts a delete from {@code table}; {@code returning} gives the deleted documents. */
  public DeleteQuery<Document> delete(String table) {
    return new DeleteQuery<>(this, requireTable(table), DOCUMENTS);
  }

  /** Starts a delete from the table of {@code entityClass}; {@code returning} gives entities. */
  public <T> DeleteQuery<T> delete(Class<T> entityClass) {
    return new DeleteQuery<>(this, requireTable(entityClass), entityReader(entityClass));
  }

  /** Returns the ORM the writes run on. */
  public ConvexOrm orm() {
    return orm;
  }

  /** The ORM constraint checks and foreign-key actions read with: every row, no policy. */
  ConvexOrm integrityOrm() {
    return integrity;
  }

  /** Returns the limits the writes run with. */
  public MutationSettings settings() {
    return settings;
  }

  WriteGuard guard() {
    return guard;
  }

  ForeignKeyGraph graph() {
    return graph;
  }

  /** Returns the lifecycle entity rows go through: callbacks and versions. */
  EntityLifecycle lifecycle() {
    return orm.entityLifecycle();
  }

  /** The mapping of the entity stored in {@code table}, or null for a table of the builder. */
  @Nullable ConvexPersistentEntity<?> entity(TableSchema table) {
    return orm.converter().getMappingContext().getPersistentEntityForTable(table.name());
  }

  /** The field of the {@code @Version} property of the entity of {@code table}, or null. */
  @Nullable String versionField(TableSchema table) {
    return EntityLifecycle.versionField(entity(table));
  }

  /** Runs one statement as a mutation: its own transaction, or the current one. */
  <T> T run(boolean allowFullScan, Function<Statement, T> work) {
    return orm.engine().mutation(db -> work.apply(new Statement(this, db, allowFullScan)));
  }

  /** Returns a mapper from documents to maps of the named fields or properties. */
  Function<Document, Map<String, @Nullable Object>> columns(TableSchema table, String... names) {
    List<String> given = List.of(names);
    List<String> fields = given.stream().map(name -> RowValues.field(table, name)).toList();
    for (String field : fields) {
      if (!field.equals(FieldSchema.ID) && !field.equals(FieldSchema.CREATION_TIME)
          && table.field(Constraints.top(field)).isEmpty()) {
        throw new InvalidDataAccessApiUsageException("Unknown field \"" + field + "\" on table \""
            + table.name() + "\" in returning(); fields: "
            + table.fields().stream().map(FieldSchema::name).toList());
      }
    }
    return doc -> {
      Map<String, @Nullable Object> read = orm.converter().read(doc, fields);
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      for (int i = 0; i < given.size(); i++) {
        row.put(given.get(i), read.get(fields.get(i)));
      }
      return row;
    };
  }

  private TableSchema requireTable(String table) {
    return orm.engine().schema().requireTable(table);
  }

  private TableSchema requireTable(Class<?> entityClass) {
    return orm.engine().schema().table(entityClass).orElseThrow(() ->
        new InvalidDataAccessApiUsageException(entityClass.getName() + " is not an entity of "
            + "the schema: annotate it with @Table and add it to the schema"));
  }

  private <T> Function<Document, T> entityReader(Class<T> entityClass) {
    return new EntityRows<>(orm.converter(), entityClass);
  }
}
