package dev.betterconvex.orm.query;

import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.relation.RelationLoader;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexRangeBuilder;
import dev.betterconvex.orm.store.InvalidIndexRangeException;
import dev.betterconvex.orm.store.Order;
import java.util.Objects;
import java.util.function.UnaryOperator;
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

  /** Creates the ORM over {@code engine}, mapping the entities of its schema. */
  public ConvexOrm(ConvexEngine engine) {
    this(engine, OrmSettings.DEFAULTS);
  }

  /** Creates the ORM over {@code engine} with guardrail settings of your own. */
  public ConvexOrm(ConvexEngine engine, OrmSettings settings) {
    this(engine, new EntityConverter(new ConvexMappingContext(engine.schema())), settings,
        RowFilter.ALL_ROWS);
  }

  /** Creates the ORM over {@code engine} with an entity converter of your own. */
  public ConvexOrm(ConvexEngine engine, EntityConverter converter) {
    this(engine, converter, OrmSettings.DEFAULTS, RowFilter.ALL_ROWS);
  }

  /**
   * Creates the ORM over {@code engine}: entities mapped by {@code converter}, relation loading
   * capped by {@code settings}, and every related row (and junction row) passed through
   * {@code rowFilter}, the hook row-level security uses.
   */
  public ConvexOrm(ConvexEngine engine, EntityConverter converter, OrmSettings settings,
      RowFilter rowFilter) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.relations = new RelationLoader(engine, Objects.requireNonNull(rowFilter, "rowFilter"));
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
  public <T> FindQuery<T> query(Class<T> entityClass) {
    TableSchema table = engine.schema().table(entityClass).orElseThrow(() ->
        new InvalidDataAccessApiUsageException(entityClass.getName() + " is not an entity of "
            + "the schema: annotate it with @Table and add it to the schema"));
    return new FindQuery<>(this, table, RowShape.entities(converter, entityClass));
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
    return new QueryStream.IndexStream(engine, compiled, order, 0);
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

  /** Returns the loader that runs {@code with}: plan, then batched reads per relation level. */
  public RelationLoader relations() {
    return relations;
  }
}
