package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import org.jspecify.annotations.Nullable;

/** Converts the plain Java values a schema declares (defaults) to Convex values. */
final class SchemaValues {

  private SchemaValues() {
  }

  // TODO use JavaValues.toValue once dev.betterconvex.orm.value.JavaValues exists
  static ConvexValue toValue(@Nullable Object value) {
    if (value == null) {
      return ConvexNull.INSTANCE;
    }
    if (value instanceof ConvexValue convex) {
      return convex;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return new ConvexInt64(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return new ConvexFloat64(((Number) value).doubleValue());
    }
    if (value instanceof String s) {
      return new ConvexString(s);
    }
    if (value instanceof Boolean b) {
      return ConvexBoolean.of(b);
    }
    if (value instanceof byte[] bytes) {
      return ConvexBytes.of(bytes);
    }
    if (value instanceof Enum<?> constant) {
      return new ConvexString(constant.name());
    }
    throw new IllegalArgumentException(
        "a value of Java type " + value.getClass().getName() + " has no Convex form");
  }
}
