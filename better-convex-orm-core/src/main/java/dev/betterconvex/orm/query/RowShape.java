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
import org.springframework.data.domain.Score;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.SearchResult;

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

  /**
   * Returns the rows of a vector search, {@code scores[i]} the score of {@code rows[i]}; only
   * shapes made for scores ({@link #scored}, columns of a scored query) show them.
   */
  List<T> readAll(List<Row> rows, double[] scores, ScoringFunction scoring) {
    return readAll(rows);
  }

  /** Whether the rows carry their vector search score ({@code includeScore()}). */
  boolean scored() {
    return false;
  }

  /** Checks, before reading, that the shape can hold what {@code plan} loads. */
  void check(RelationPlan plan, String table) {
  }

  /** Each row of {@code inner} with its score, as Spring Data's {@link SearchResult}. */
  static <T> RowShape<SearchResult<T>> scored(RowShape<T> inner) {
    return new Scored<>(inner);
  }


  static RowShape<Document> documents() {
    return new Documents();
  }

  /** Entities, each row's entity passed through the after-convert callbacks of {@code lifecycle}. */
  static <T> RowShape<T> entities(EntityConverter converter, Class<T> type,
      EntityLifecycle lifecycle) {
    return new Entities<>(converter, type, lifecycle);
  }

  /** Maps of the columns; with {@code score}, each with its score under {@code _score}. */
  static RowShape<Map<String, @Nullable Object>> columns(Map<String, String> columns,
      boolean score) {
    return new Columns(columns, score);
  }

  /** The name of the score entry of a scored map row, as Convex names it. */
  static final String SCORE = "_score";

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
      Map<Row, Object> converted = null;
      List<T> result = new ArrayList<>(rows.size());
      for (Row row : rows) {
        // a row without relations is reached only once: nothing to share, nothing to remember
        Object entity;
        if (row.relations().isEmpty() && row.counts().isEmpty()) {
          entity = converter.read(type, row.document(), Map.of());
        }
        else {
          if (converted == null) {
            converted = new IdentityHashMap<>();
          }
          entity = entity(row, type, converted);
        }
        result.add(lifecycle.callback(AfterConvertCallback.class, type.cast(entity),
            row.table()));
      }
      return result;
    }

    @Override
    void check(RelationPlan plan, String table) {
      plan.requireEntities();
    }

    private Object entity(Row row, Class<?> entityClass, Map<Row, Object> converted) {
      Object done = converted.get(row);
      if (done != null) {
        return done;
      }
      Map<String, @Nullable Object> relations = row.relations().isEmpty()
          && row.counts().isEmpty() ? Map.of() : new HashMap<>();
      row.relations().forEach((name, value) -> relations.put(name, related(value, converted)));
      // as the entity reader expects them: "_count." and the relation's name
      row.counts().forEach((name, count) -> relations.put(Row.COUNT + "." + name, count));
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
    private final boolean score;

    Columns(Map<String, String> columns, boolean score) {
      this.columns = columns;
      this.score = score;
    }

    @Override
    boolean scored() {
      return score;
    }

    @Override
    List<Map<String, @Nullable Object>> readAll(List<Row> rows) {
      return readAll(rows, null);
    }

    @Override
    List<Map<String, @Nullable Object>> readAll(List<Row> rows, double[] scores,
        ScoringFunction scoring) {
      return readAll(rows, score ? scores : null);
    }

    private List<Map<String, @Nullable Object>> readAll(List<Row> rows,
        double @Nullable [] scores) {
      List<Map<String, @Nullable Object>> result = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        columns.forEach((name, field) -> map.put(name, row.document().getJava(field)));
        row.document().score().ifPresent(score -> map.put(Document.SCORE, score));
        row.relations().forEach((name, value) -> map.put(name, toMaps(value)));
        if (!row.counts().isEmpty()) {
          map.put(Row.COUNT, new LinkedHashMap<>(row.counts()));
        }
        if (scores != null) {
          map.put(SCORE, scores[i]);
        }
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

  /** Rows of another shape, each with its score. */
  private static final class Scored<T> extends RowShape<SearchResult<T>> {

    private final RowShape<T> inner;

    Scored(RowShape<T> inner) {
      this.inner = inner;
    }

    @Override
    boolean scored() {
      return true;
    }

    /** The rows of a text search: each document carries its relevance score. */
    @Override
    List<SearchResult<T>> readAll(List<Row> rows) {
      List<T> values = inner.readAll(rows);
      List<SearchResult<T>> result = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        java.util.OptionalDouble score = rows.get(i).document().score();
        if (score.isEmpty()) {
          throw new InvalidDataAccessApiUsageException("includeScore() needs withSearchIndex(...) "
              + "or vectorSearch(...): only a search scores rows");
        }
        result.add(new SearchResult<>(values.get(i),
            Score.of(score.getAsDouble(), ScoringFunction.unspecified())));
      }
      return result;
    }

    @Override
    List<SearchResult<T>> readAll(List<Row> rows, double[] scores, ScoringFunction scoring) {
      List<T> values = inner.readAll(rows, scores, scoring);
      List<SearchResult<T>> result = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        result.add(new SearchResult<>(values.get(i), Score.of(scores[i], scoring)));
      }
      return result;
    }

    @Override
    void check(RelationPlan plan, String table) {
      inner.check(plan, table);
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
