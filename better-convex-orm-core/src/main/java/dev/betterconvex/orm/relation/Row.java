package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A document with the relations loaded for it by {@code with}: the row type of
 * {@code orm.query("users").rows()}. A {@code one} relation holds a row or null (a missing
 * target is null), the others a list of rows in the relation's order. Immutable; a related row
 * reached from several parents is one shared instance.
 */
public final class Row {

  private final Document document;
  private final @Nullable Map<String, String> columns;
  private final Map<String, @Nullable Object> relations;
  private final Map<String, Long> counts;

  Row(Document document, @Nullable Map<String, String> columns,
      Map<String, @Nullable Object> relations, Map<String, Long> counts) {
    this.document = document;
    this.columns = columns;
    this.relations = relations.isEmpty() ? Map.of() : Collections.unmodifiableMap(relations);
    this.counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(counts);
  }

  /** The name of the entry of {@link #toMap()} holding the relation counts, as Drizzle's. */
  public static final String COUNT = "_count";

  /** Returns the whole document (also when {@code columns} narrowed {@link #toMap()}). */
  public Document document() {
    return document;
  }

  /** Returns the document's {@code _id}. */
  public String id() {
    return document.id();
  }

  /** Returns the name of the document's table. */
  public String table() {
    return document.table();
  }

  /** Returns the Java value of a field path of the document, or null when it is missing. */
  public @Nullable Object get(String path) {
    return document.getJava(path);
  }

  /**
   * Returns the loaded relations by name: a {@code Row} or null for a {@code one} relation, a
   * {@code List<Row>} for the others.
   */
  public Map<String, @Nullable Object> relations() {
    return relations;
  }

  /** Returns the relation counts loaded by {@code withCount}, by relation name. */
  public Map<String, Long> counts() {
    return counts;
  }

  /**
   * Returns the number of rows of relation {@code relation} of this row, as {@code withCount}
   * counted them.
   *
   * @throws InvalidDataAccessApiUsageException when the relation was not counted
   */
  public long count(String relation) {
    Long count = counts.get(relation);
    if (count == null) {
      throw new InvalidDataAccessApiUsageException("Relation \"" + relation + "\" of table \""
          + table() + "\" was not counted; counted: " + counts.keySet() + ". Add withCount(\""
          + relation + "\") to the query");
    }
    return count;
  }

  /**
   * Returns the row of a loaded {@code one} relation, empty when its target is missing.
   *
   * @throws InvalidDataAccessApiUsageException when the relation was not loaded or is a list
   */
  public Optional<Row> one(String relation) {
    Object value = loaded(relation);
    if (value instanceof List<?>) {
      throw new InvalidDataAccessApiUsageException("Relation \"" + relation + "\" of table \""
          + table() + "\" loads a list of rows: read it with many(\"" + relation + "\")");
    }
    return Optional.ofNullable((Row) value);
  }

  /**
   * Returns the rows of a loaded {@code many} or many-to-many relation.
   *
   * @throws InvalidDataAccessApiUsageException when the relation was not loaded or is a one
   */
  @SuppressWarnings("unchecked")
  public List<Row> many(String relation) {
    Object value = loaded(relation);
    if (!(value instanceof List<?>)) {
      throw new InvalidDataAccessApiUsageException("Relation \"" + relation + "\" of table \""
          + table() + "\" loads at most one row: read it with one(\"" + relation + "\")");
    }
    return (List<Row>) value;
  }

  private @Nullable Object loaded(String relation) {
    if (!relations.containsKey(relation)) {
      throw new InvalidDataAccessApiUsageException("Relation \"" + relation + "\" of table \""
          + table() + "\" was not loaded; loaded: " + relations.keySet()
          + ". Add with(\"" + relation + "\") to the query");
    }
    return relations.get(relation);
  }

  /**
   * Returns the row in Drizzle's shape, with Java values: the {@code columns} asked for (else
   * {@code _id}, {@code _creationTime} and every field), then each loaded relation as a map, a
   * list of maps, or null, then the relation counts as a map under {@code _count}.
   */
  public Map<String, @Nullable Object> toMap() {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    if (columns != null) {
      columns.forEach((name, field) -> map.put(name, document.getJava(field)));
    }
    else {
      map.put(Document.ID, document.id());
      map.put(Document.CREATION_TIME, document.creationTime());
      for (Map.Entry<String, ConvexValue> field : document.fields().fields().entrySet()) {
        map.put(field.getKey(), JavaValues.toJava(field.getValue()));
      }
    }
    document.score().ifPresent(score -> map.put(Document.SCORE, score));
    relations.forEach((name, value) -> map.put(name, toMaps(value)));
    if (!counts.isEmpty()) {
      map.put(COUNT, new LinkedHashMap<>(counts));
    }
    return map;
  }

  /** Returns a loaded relation value in the shape of {@link #toMap()}. */
  static @Nullable Object toMaps(@Nullable Object value) {
    if (value instanceof Row row) {
      return row.toMap();
    }
    if (value instanceof List<?> rows) {
      List<Map<String, @Nullable Object>> maps = new ArrayList<>(rows.size());
      for (Object row : rows) {
        maps.add(((Row) row).toMap());
      }
      return maps;
    }
    return null;
  }

  @Override
  public String toString() {
    return document + (relations.isEmpty() ? "" : " with " + relations)
        + (counts.isEmpty() ? "" : " " + COUNT + " " + counts);
  }
}
