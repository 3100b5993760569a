package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The type of a field: which Convex values it accepts. Types are immutable values; two types are
 * equal when they accept the same declared shape. Nullability belongs to {@link FieldSchema}, so
 * a type accepts null only when it says so ({@link #any()}, {@code literal(null)}, or a union
 * holding one of those).
 */
public sealed interface FieldType
    permits FieldType.StringType, FieldType.Int64Type, FieldType.Float64Type,
        FieldType.BooleanType, FieldType.BytesType, FieldType.IdType, FieldType.VectorType,
        FieldType.EnumType, FieldType.AnyType, FieldType.ArrayType, FieldType.ObjectType,
        FieldType.UnionType, FieldType.LiteralType {

  /** Returns whether a field of this type may hold {@code value}. */
  boolean accepts(ConvexValue value);

  /** Returns the type as messages spell it, for example {@code id("users")} or {@code array<string>}. */
  String describe();

  /** Returns the type of strings. */
  static FieldType string() {
    return new StringType();
  }

  /** Returns the type of Int64 values ({@code long} in Java). */
  static FieldType int64() {
    return new Int64Type();
  }

  /** Returns the type of Float64 values ({@code double} in Java). */
  static FieldType float64() {
    return new Float64Type();
  }

  /** Returns the type of booleans. */
  static FieldType bool() {
    return new BooleanType();
  }

  /** Returns the type of byte strings. */
  static FieldType bytes() {
    return new BytesType();
  }

  /** Returns the type of ids of {@code table}, stored as strings. */
  static FieldType id(String table) {
    return new IdType(table);
  }

  /** Returns the type of Float64 arrays of exactly {@code dimensions} elements. */
  static FieldType vector(int dimensions) {
    return new VectorType(dimensions);
  }

  /** Returns the type of strings equal to one of {@code values}. */
  static FieldType enumOf(String... values) {
    return new EnumType(List.of(values));
  }

  /** Returns the type accepting every value, null included (JSON-like data). */
  static FieldType any() {
    return new AnyType();
  }

  /** Returns the type of arrays whose elements all have type {@code element}. */
  static FieldType arrayOf(FieldType element) {
    return new ArrayType(element);
  }

  /** Returns the type of objects with exactly the given properties, all required. */
  static FieldType objectOf(Map<String, FieldType> properties) {
    return new ObjectType(properties, Set.of());
  }

  /**
   * Returns the type of objects with exactly the given properties; those named in {@code
   * optionalProperties} may be missing or null.
   */
  static FieldType objectOf(Map<String, FieldType> properties, Set<String> optionalProperties) {
    return new ObjectType(properties, optionalProperties);
  }

  /** Returns the type accepting what any of {@code members} accepts. */
  static FieldType union(FieldType... members) {
    return new UnionType(List.of(members));
  }

  /** Returns the type accepting exactly {@code value}. */
  static FieldType literal(ConvexValue value) {
    return new LiteralType(value);
  }

  /** Strings. */
  record StringType() implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexString;
    }

    @Override
    public String describe() {
      return "string";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Int64 values. */
  record Int64Type() implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexInt64;
    }

    @Override
    public String describe() {
      return "int64";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Float64 values. */
  record Float64Type() implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexFloat64;
    }

    @Override
    public String describe() {
      return "float64";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Booleans. */
  record BooleanType() implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexBoolean;
    }

    @Override
    public String describe() {
      return "boolean";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Byte strings. */
  record BytesType() implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexBytes;
    }

    @Override
    public String describe() {
      return "bytes";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Ids of one table, stored as strings. The type accepts any string; the store checks that it
   * decodes to an id of {@code table}.
   *
   * @param table the referenced table
   */
  record IdType(String table) implements FieldType {
    /** Creates an id type; {@code table} must not be null. */
    public IdType {
      Objects.requireNonNull(table, "table");
    }

    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexString;
    }

    @Override
    public String describe() {
      return "id(\"" + table + "\")";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Float64 arrays of a fixed length, for vector indexes.
   *
   * @param dimensions the required array length
   */
  record VectorType(int dimensions) implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      if (!(value instanceof ConvexArray array) || array.values().size() != dimensions) {
        return false;
      }
      return array.values().stream().allMatch(element -> element instanceof ConvexFloat64);
    }

    @Override
    public String describe() {
      return "vector(" + dimensions + ")";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Strings from a fixed set.
   *
   * @param values the allowed strings, in declaration order
   */
  record EnumType(List<String> values) implements FieldType {
    /** Creates an enum type holding an immutable copy of {@code values}. */
    public EnumType {
      values = List.copyOf(values);
    }

    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexString s && values.contains(s.value());
    }

    @Override
    public String describe() {
      return values.stream().map(v -> '"' + v + '"').collect(Collectors.joining(", ", "enum(", ")"));
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Every value, null included. */
  record AnyType() implements FieldType {
    @Override
    public boolean accepts(ConvexValue value) {
      return true;
    }

    @Override
    public String describe() {
      return "any";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Arrays whose elements all have one type.
   *
   * @param element the element type
   */
  record ArrayType(FieldType element) implements FieldType {
    /** Creates an array type; {@code element} must not be null. */
    public ArrayType {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public boolean accepts(ConvexValue value) {
      return value instanceof ConvexArray array && array.values().stream().allMatch(element::accepts);
    }

    @Override
    public String describe() {
      return "array<" + element.describe() + ">";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Objects with exactly the declared properties (no others). Required properties must be present
   * and accepted by their type; optional ones may also be missing or null.
   *
   * @param properties the property types, in name order
   * @param optionalProperties the names of the optional properties
   */
  record ObjectType(Map<String, FieldType> properties, Set<String> optionalProperties)
      implements FieldType {
    /** Creates an object type holding sorted, immutable copies of its arguments. */
    public ObjectType {
      properties = Collections.unmodifiableMap(new TreeMap<>(properties));
      optionalProperties = Set.copyOf(optionalProperties);
    }

    @Override
    public boolean accepts(ConvexValue value) {
      if (!(value instanceof ConvexObject object)
          || !properties.keySet().containsAll(object.fields().keySet())) {
        return false;
      }
      for (Map.Entry<String, FieldType> property : properties.entrySet()) {
        @Nullable ConvexValue field = object.get(property.getKey());
        boolean optional = optionalProperties.contains(property.getKey());
        if (field == null || field == ConvexNull.INSTANCE) {
          if (!optional && (field == null || !property.getValue().accepts(field))) {
            return false;
          }
        } else if (!property.getValue().accepts(field)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String describe() {
      return properties.entrySet().stream()
          .map(p -> p.getKey() + (optionalProperties.contains(p.getKey()) ? "?: " : ": ")
              + p.getValue().describe())
          .collect(Collectors.joining(", ", "object{", "}"));
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Values accepted by any member type.
   *
   * @param members the member types, in declaration order
   */
  record UnionType(List<FieldType> members) implements FieldType {
    /** Creates a union holding an immutable copy of {@code members}. */
    public UnionType {
      members = List.copyOf(members);
    }

    @Override
    public boolean accepts(ConvexValue value) {
      return members.stream().anyMatch(member -> member.accepts(value));
    }

    @Override
    public String describe() {
      return members.stream().map(FieldType::describe).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Exactly one value.
   *
   * @param value the only accepted value
   */
  record LiteralType(ConvexValue value) implements FieldType {
    /** Creates a literal type; {@code value} must not be null. */
    public LiteralType {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean accepts(ConvexValue candidate) {
      return value.equals(candidate);
    }

    @Override
    public String describe() {
      return "literal(" + value + ")";
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
