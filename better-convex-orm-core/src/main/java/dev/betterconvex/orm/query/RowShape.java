package dev.betterconvex.orm.query;

import dev.betterconvex.orm.callback.AfterConvertCallback;
import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.store.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * What a {@link FindQuery} returns for each row read, with its loaded relations: the document,
 * an entity (relations in its relation properties), a map of columns (relations as entries), or
 * the {@link Row} itself.
 *
 * @param <T> the row type of the query
 */
abstract class RowShape<T> {

  /** Returns the query's rows for {@code rows}, sharing one conversion of a shared related row. */
  abstract List<T> readAll(List<Row> rows);

  /** Checks, before reading, that the shape can hold what {@code plan} loads. */
  void check(RelationPlan plan, String table) {
  }

  /** Whether a row of this shape can carry a search score ({@code _score}). */
  boolean holdsScore() {
    return true;
  }

  static RowShape<Document> documents() {
    return new Documents();
  }

  /** Entities, each row's entity passed through the after-convert callbacks of {@code lifecycle}. */
  static <T> RowShape<T> entities(EntityConverter converter, Class<T> type,
      EntityLifecycle lifecycle) {
    return new Entities<>(converter, type, lifecycle);
  }

  static RowShape<Map<String, @Nullable Object>> columns(Map<String, String> columns) {
    return new Columns(columns);
  }

  static RowShape<Row> rows() {
    return new Rows();
  }

  /** Documents, which cannot hold relations. */
  private static final class Documents extends RowShape<Document> {

    @Override
    List<Document> readAll(List<Row> rows) {
      return rows.stream().map(Row::document).toList();
    }

    @Override
    void check(RelationPlan plan, String table) {
      if (!plan.isEmpty()) {
        throw new InvalidDataAccessApiUsageException("with(...) on orm.query(\"" + table
            + "\"): its rows are Documents, which cannot hold relations. Call rows() for rows "
            + "with their relations, columns(...) for maps, or query the entity class");
      }
    }
  }

  /** Entities of a table's class; related rows become entities of their tables' classes. */
  private static final class Entities<T> extends RowShape<T> {

    private final EntityConverter converter;
    private final Class<T> type;
    private final EntityLifecycle lifecycle;

    Entities(EntityConverter converter, Class<T> type, EntityLifecycle lifecycle) {
      this.converter = converter;
      this.type = type;
      this.lifecycle = lifecycle;
    }

    @Override
    List<T> readAll(List<Row> rows) {
      Map<Row, Object> converted = new IdentityHashMap<>();
      List<T> result = new ArrayList<>(rows.size());
      for (Row row : rows) {
        // a row without relations is reached only once: nothing to share, nothing to remember
        Object entity = row.relations().isEmpty()
            ? converter.read(type, row.document(), Map.of()) : entity(row, type, converted);
        result.add(lifecycle.callback(AfterConvertCallback.class, type.cast(entity),
            row.table()));
      }
      return result;
    }

    @Override
    void check(RelationPlan plan, String table) {
      plan.requireEntities();
    }

    @Override
    boolean holdsScore() {
      return false;
    }

    private Object entity(Row row, Class<?> entityClass, Map<Row, Object> converted) {
      Object done = converted.get(row);
      if (done != null) {
        return done;
      }
      Map<String, @Nullable Object> relations = row.relations().isEmpty() ? Map.of()
          : new HashMap<>();
      row.relations().forEach((name, value) -> relations.put(name, related(value, converted)));
      Object entity = converter.read(entityClass, row.document(), relations);
      converted.put(row, entity);
      return entity;
    }

    private @Nullable Object related(@Nullable Object value, Map<Row, Object> converted) {
      if (value instanceof Row row) {
        return entity(row, entityClass(row), converted);
      }
      if (value instanceof List<?> list) {
        List<Object> entities = new ArrayList<>(list.size());
        for (Object row : list) {
          entities.add(entity((Row) row, entityClass((Row) row), converted));
        }
        return entities;
      }
      return null;
    }

    private Class<?> entityClass(Row row) {
      Class<?> entityClass = converter.getMappingContext().getSchema().requireTable(row.table())
          .entityClass();
      if (entityClass == null) {
        throw new IllegalStateException("Table \"" + row.table() + "\" has no entity class");
      }
      return entityClass;
    }
  }

  /** Maps of the selected columns, by the names asked for, plus one entry per relation. */
  private static final class Columns extends RowShape<Map<String, @Nullable Object>> {

    private final Map<String, String> columns;

    Columns(Map<String, String> columns) {
      this.columns = columns;
    }

    @Override
    List<Map<String, @Nullable Object>> readAll(List<Row> rows) {
      List<Map<String, @Nullable Object>> result = new ArrayList<>(rows.size());
      for (Row row : rows) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        columns.forEach((name, field) -> map.put(name, row.document().getJava(field)));
        row.document().score().ifPresent(score -> map.put(Document.SCORE, score));
        row.relations().forEach((name, value) -> map.put(name, toMaps(value)));
        result.add(map);
      }
      return result;
    }

    private static @Nullable Object toMaps(@Nullable Object value) {
      if (value instanceof Row row) {
        return row.toMap();
      }
      if (value instanceof List<?> list) {
        return list.stream().map(row -> ((Row) row).toMap()).toList();
      }
      return null;
    }
  }

  /** Rows as they are. */
  private static final class Rows extends RowShape<Row> {

    @Override
    List<Row> readAll(List<Row> rows) {
      return rows;
    }
  }
}
