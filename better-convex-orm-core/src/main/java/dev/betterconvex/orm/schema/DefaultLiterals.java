package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.BooleanType;
import dev.betterconvex.orm.schema.FieldType.EnumType;
import dev.betterconvex.orm.schema.FieldType.Float64Type;
import dev.betterconvex.orm.schema.FieldType.IdType;
import dev.betterconvex.orm.schema.FieldType.Int64Type;
import dev.betterconvex.orm.schema.FieldType.StringType;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;

/** Parses {@code @Default} literals for the field type they annotate. */
final class DefaultLiterals {

  private DefaultLiterals() {
  }

  static ConvexValue parse(String literal, FieldType type) {
    if (type instanceof StringType || type instanceof EnumType || type instanceof IdType) {
      return new ConvexString(literal);
    }
    try {
      if (type instanceof Int64Type) {
        return new ConvexInt64(Long.parseLong(literal.trim()));
      }
      if (type instanceof Float64Type) {
        return new ConvexFloat64(Double.parseDouble(literal.trim()));
      }
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("\"" + literal + "\" is not a valid " + type.describe());
    }
    if (type instanceof BooleanType) {
      if (literal.equals("true") || literal.equals("false")) {
        return ConvexBoolean.of(Boolean.parseBoolean(literal));
      }
      throw new IllegalArgumentException("\"" + literal + "\" is not true or false");
    }
    throw new IllegalArgumentException("literals are supported for string, enum, id, int64, "
        + "float64 and boolean fields, not " + type.describe()
        + "; declare this default with the builder's defaultValue");
  }
}
