package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A user field of a table. The system fields {@code _id} and {@code _creationTime} are implicit
 * and never appear as a {@code FieldSchema}.
 *
 * <p>A field is nullable (may be missing or null) unless {@code notNull}. A static {@code
 * defaultValue} applies only when the value is absent; {@code defaultFn} computes a default at
 * insert time; {@code onUpdateFn} computes a value on update and upsert when the field is not set,
 * and fills a missing value on insert. Like any record, equality compares the two functions by
 * identity.
 *
 * @param name the field name
 * @param type the field type
 * @param notNull whether null and missing values are refused
 * @param defaultValue the static default, or {@code null} for none ({@link ConvexNull} is a
 *     default of null)
 * @param defaultFn the computed default, or {@code null} for none
 * @param onUpdateFn the on-update function, or {@code null} for none
 */
public record FieldSchema(
    String name,
    FieldType type,
    boolean notNull,
    @Nullable ConvexValue defaultValue,
    @Nullable Supplier<ConvexValue> defaultFn,
    @Nullable Supplier<ConvexValue> onUpdateFn) {

  /** The system field holding the document id. */
  public static final String ID = "_id";

  /** The system field holding the creation time, Float64 milliseconds since the epoch. */
  public static final String CREATION_TIME = "_creationTime";

  /** Creates a field; {@code name} and {@code type} must not be null. */
  public FieldSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** Returns a nullable field without defaults. */
  public static FieldSchema of(String name, FieldType type) {
    return new FieldSchema(name, type, false, null, null, null);
  }

  /** Returns whether a static default or a default function is declared. */
  public boolean hasDefault() {
    return defaultValue != null || defaultFn != null;
  }

  /**
   * Returns whether this field may hold {@code value}: null only when the field is nullable,
   * anything else when the type accepts it.
   */
  public boolean accepts(ConvexValue value) {
    if (value == ConvexNull.INSTANCE) {
      return !notNull;
    }
    return type.accepts(value);
  }
}
