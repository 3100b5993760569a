package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.store.InvalidValueException;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns what users write (maps keyed by fields or entity properties, entities) into document
 * fields, and applies defaults and on-update functions: a static default or a default function
 * fills an absent field on insert (an explicit null is kept), an on-update function fills what is
 * still absent on insert and recomputes, on update, every field the {@code set} does not name.
 */
final class RowValues {

  /**
   * The changes an update's {@code set} asks for.
   *
   * @param values the fields to write
   * @param removed the fields to remove
   */
  record Changes(Map<String, ConvexValue> values, Set<String> removed) {

    boolean isEmpty() {
      return values.isEmpty() && removed.isEmpty();
    }

    boolean names(String field) {
      return values.containsKey(field) || removed.contains(field);
    }
  }

  private RowValues() {
  }

  /** Returns the document field a user-facing name (a field or an entity property) stands for. */
  static String field(TableSchema table, String name) {
    String mapped = table.fieldsByProperty().get(name);
    return mapped != null ? mapped : name;
  }

  /**
   * Returns the fields of one row to insert, from a map (a value of {@link DatabaseWriter#UNSET}
   * leaves the field absent, null is an explicit null) or an entity of the table.
   */
  static TreeMap<String, ConvexValue> forInsert(TableSchema table, EntityConverter converter,
      Object row) {
    if (row instanceof Map<?, ?> map) {
      TreeMap<String, ConvexValue> fields = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String field = writable(table, String.valueOf(e.getKey()));
        if (e.getValue() != DatabaseWriter.UNSET) {
          fields.put(field, convert(table, field, e.getValue()));
        }
      }
      try {
        new ConvexObject(fields);
      }
      catch (IllegalArgumentException ex) {
        throw new InvalidDocumentException("Cannot insert into table \"" + table.name() + "\": "
            + ex.getMessage(), ex);
      }
      return fields;
    }
    if (table.entityClass() != row.getClass()) {
      throw new InvalidDocumentException("Cannot insert a " + row.getClass().getName()
          + " into table \"" + table.name() + "\": give a Map of its fields"
          + (table.entityClass() == null ? "" : " or a " + table.entityClass().getName()));
    }
    return new TreeMap<>(converter.write(row).fields());
  }

  /**
   * Returns the changes of an update's {@code set}: a value of {@link DatabaseWriter#UNSET}
   * removes the field, which must then be nullable.
   *
   * @throws InvalidDocumentException for a system field, a field the table does not declare, or
   *     the removal of a not-null field
   */
  static Changes forSet(TableSchema table, Map<String, ?> set) {
    Map<String, ConvexValue> values = new LinkedHashMap<>();
    Set<String> removed = new LinkedHashSet<>();
    for (Map.Entry<String, ?> e : set.entrySet()) {
      String field = writable(table, e.getKey());
      FieldSchema schema = table.field(field).orElseThrow(() -> new InvalidDocumentException(
          "Cannot set field \"" + field + "\" of table \"" + table.name() + "\": the table has "
              + "no such field; its fields are "
              + table.fields().stream().map(FieldSchema::name).toList()));
      if (e.getValue() == DatabaseWriter.UNSET) {
        if (schema.notNull()) {
          throw new InvalidDocumentException("Cannot unset field \"" + field + "\" of table \""
              + table.name() + "\": it is declared not null");
        }
        removed.add(field);
      }
      else {
        values.put(field, convert(table, field, e.getValue()));
      }
    }
    return new Changes(values, removed);
  }

  /**
   * Fills every absent field that has a static default or a default function, and an absent
   * {@code @Version} field ({@code versionField}, or null) with 0.
   */
  static void applyDefaults(TableSchema table, Map<String, ConvexValue> fields,
      @Nullable String versionField) {
    if (versionField != null) {
      fields.putIfAbsent(versionField, new ConvexInt64(0));
    }
    for (FieldSchema field : table.fields()) {
      if (fields.containsKey(field.name())) {
        continue;
      }
      if (field.defaultValue() != null) {
        fields.put(field.name(), field.defaultValue());
      }
      else if (field.defaultFn() != null) {
        fields.put(field.name(), computed(table, field, field.defaultFn()));
      }
    }
  }

  /** Returns the default of {@code field}: its static default, else its default function's value. */
  static ConvexValue defaultOf(TableSchema table, FieldSchema field) {
    if (field.defaultValue() != null) {
      return field.defaultValue();
    }
    if (field.defaultFn() != null) {
      return computed(table, field, field.defaultFn());
    }
    throw new IllegalStateException("Field \"" + field.name() + "\" of table \"" + table.name()
        + "\" has no default");
  }

  /** Fills every still absent field that has an on-update function; returns the fields filled. */
  static List<String> fillOnUpdate(TableSchema table, Map<String, ConvexValue> fields) {
    List<String> filled = new ArrayList<>();
    for (FieldSchema field : table.fields()) {
      if (!fields.containsKey(field.name()) && field.onUpdateFn() != null) {
        fields.put(field.name(), computed(table, field, field.onUpdateFn()));
        filled.add(field.name());
      }
    }
    return filled;
  }

  /**
   * Returns {@code before} with the changes applied, every on-update function of a field the
   * changes do not name run once, and the {@code @Version} field ({@code versionField}, or null)
   * incremented unless the changes set it.
   */
  static ConvexObject applyUpdate(TableSchema table, ConvexObject before, Changes changes,
      @Nullable String versionField) {
    TreeMap<String, ConvexValue> after = new TreeMap<>(before.fields());
    after.putAll(changes.values());
    changes.removed().forEach(after::remove);
    if (versionField != null && !changes.names(versionField)) {
      // A document without the field (written before the entity had a version) is at 0.
      long current = after.get(versionField) instanceof ConvexInt64 v ? v.value() : 0;
      after.put(versionField, new ConvexInt64(current + 1));
    }
    for (FieldSchema field : table.fields()) {
      if (field.onUpdateFn() != null && !changes.names(field.name())) {
        after.put(field.name(), computed(table, field, field.onUpdateFn()));
      }
    }
    return new ConvexObject(after);
  }

  private static ConvexValue computed(TableSchema table, FieldSchema field,
      Supplier<ConvexValue> fn) {
    return coerce(table, field.name(), fn.get());
  }

  private static String writable(TableSchema table, String name) {
    String field = field(table, name);
    if (field.startsWith("_")) {
      throw new InvalidDocumentException("Field \"" + field + "\" of table \"" + table.name()
          + "\" can't be written: fields starting with \"_\" are system fields, set by the "
          + "engine");
    }
    return field;
  }

  private static ConvexValue convert(TableSchema table, String field, @Nullable Object value) {
    try {
      return coerce(table, field, JavaValues.toValue(value));
    }
    catch (IllegalArgumentException ex) {
      throw new InvalidValueException(table.name(), field,
          Objects.requireNonNullElse(ex.getMessage(), ex.toString()), ex);
    }
  }

  /** An Int64 written to a field declared float64 is taken as a Float64, as filters do. */
  private static ConvexValue coerce(TableSchema table, String field, ConvexValue value) {
    if (value instanceof ConvexInt64 i && table.field(field).map(FieldSchema::type).orElse(null)
        instanceof FieldType.Float64Type) {
      return new ConvexFloat64(i.value());
    }
    return value;
  }
}
