package dev.betterconvex.orm.query;

import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.EntityConverter;
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

  /** Creates the ORM over {@code engine}, mapping the entities of its schema. */
  public ConvexOrm(ConvexEngine engine) {
    this(engine, new EntityConverter(new ConvexMappingContext(engine.schema())));
  }

  /** Creates the ORM over {@code engine} with an entity converter of your own. */
  public ConvexOrm(ConvexEngine engine, EntityConverter converter) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /** Starts a read of {@code table} whose rows are documents. */
  public FindQuery<Document> query(String table) {
    return new FindQuery<>(engine, engine.schema().requireTable(table), doc -> doc);
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
    return new FindQuery<>(engine, table, doc -> converter.read(entityClass, doc));
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
}
