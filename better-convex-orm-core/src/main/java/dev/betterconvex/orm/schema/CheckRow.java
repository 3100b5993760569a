package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The row a {@link CheckConstraint} looks at: the user fields of the document about to be
 * written. The getters return Java values ({@link JavaValues#toJava}); null stands for a null or
 * missing field, and a value of another type than asked for is a {@link ClassCastException}.
 */
public final class CheckRow {

  private final ConvexObject fields;

  /** Wraps the user fields of a document. */
  public CheckRow(ConvexObject fields) {
    this.fields = Objects.requireNonNull(fields, "fields");
  }

  /** Returns the Convex value of {@code field}, or null when it is missing. */
  public @Nullable ConvexValue value(String field) {
    return fields.get(field);
  }

  /** Returns the Java value of {@code field}, or null when it is null or missing. */
  public @Nullable Object get(String field) {
    ConvexValue value = fields.get(field);
    return value == null ? null : JavaValues.toJava(value);
  }

  /** Returns whether {@code field} is null or missing. */
  public boolean isNull(String field) {
    return get(field) == null;
  }

  /** Returns an int64 field as a {@code Long}, or null. */
  public @Nullable Long getLong(String field) {
    return (Long) get(field);
  }

  /** Returns a float64 field as a {@code Double}, or null. */
  public @Nullable Double getDouble(String field) {
    return (Double) get(field);
  }

  /** Returns a string (or id, or enum) field as a {@code String}, or null. */
  public @Nullable String getString(String field) {
    return (String) get(field);
  }

  /** Returns a boolean field as a {@code Boolean}, or null. */
  public @Nullable Boolean getBoolean(String field) {
    return (Boolean) get(field);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
