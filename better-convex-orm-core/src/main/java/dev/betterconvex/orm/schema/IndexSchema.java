package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A database index: a name and the field paths it is declared on (dotted paths such as {@code
 * "address.city"} reach into objects). Every user index implicitly ends with {@code
 * _creationTime} and {@code _id}; see {@link #keyFields()}.
 *
 * @param name the index name
 * @param fields the declared fields: for user indexes the user's fields, for the built-ins {@code
 *     [_id]} and {@code [_creationTime]}
 */
public record IndexSchema(String name, List<String> fields) {

  /** The built-in index on {@code _id}; its key is {@code [_id]}. */
  public static final IndexSchema BY_ID = new IndexSchema("by_id", List.of(FieldSchema.ID));

  /**
   * The built-in index on {@code _creationTime}; its key is {@code [_creationTime, _id]}. Queries
   * that name no index use it.
   */
  public static final IndexSchema BY_CREATION_TIME =
      new IndexSchema("by_creation_time", List.of(FieldSchema.CREATION_TIME));

  /** Creates an index holding an immutable copy of {@code fields}. */
  public IndexSchema {
    fields = List.copyOf(fields);
  }

  /** Returns whether this is {@code by_id} or {@code by_creation_time}. */
  public boolean isBuiltIn() {
    return isReservedName(name);
  }

  /**
   * Returns the fields of the index key in order: {@code [_id]} for {@code by_id}, {@code
   * [_creationTime, _id]} for {@code by_creation_time}, otherwise the declared fields followed by
   * {@code _creationTime} and {@code _id}, which make every key unique.
   */
  public List<String> keyFields() {
    if (BY_ID.name.equals(name)) {
      return List.of(FieldSchema.ID);
    }
    if (BY_CREATION_TIME.name.equals(name)) {
      return List.of(FieldSchema.CREATION_TIME, FieldSchema.ID);
    }
    List<String> key = new ArrayList<>(fields.size() + 2);
    key.addAll(fields);
    key.add(FieldSchema.CREATION_TIME);
    key.add(FieldSchema.ID);
    return List.copyOf(key);
  }

  static boolean isReservedName(String name) {
    return BY_ID.name.equals(name) || BY_CREATION_TIME.name.equals(name);
  }
}
