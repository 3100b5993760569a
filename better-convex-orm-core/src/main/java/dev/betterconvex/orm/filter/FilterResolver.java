package dev.betterconvex.orm.filter;

import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.StandardTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Binds a filter to a table: entity property names become document fields, unknown fields are
 * refused, integral literals compared with a {@code float64} field become Float64 (and an
 * {@code Instant} compared with {@code _creationTime} its milliseconds), a malformed
 * id compared with an id field becomes a constant (it matches nothing and reads nothing), and
 * constants are folded through {@code and}, {@code or} and {@code not}. Every read resolves its
 * filters, orders and columns through it, the relations of {@code with} included.
 */
public final class FilterResolver {

  private final TableSchema table;
  private final Map<String, String> fieldsByProperty;
  private final BiPredicate<String, String> isIdOf;

  /**
   * Creates the resolver of {@code table}.
   *
   * @param table the table the names refer to
   * @param isIdOf answers whether a string is a well-formed id of a table, without reading
   *     (the engine's {@code normalizeId})
   */
  FilterResolver(TableSchema table, BiPredicate<String, String> isIdOf) {
    this.table = table;
    this.fieldsByProperty = table.fieldsByProperty();
    this.isIdOf = isIdOf;
  }

  /**
   * Returns the document field a user-facing name (an entity property, a field path,
   * {@code _id} or {@code _creationTime}) refers to.
   *
   * @throws InvalidDataAccessApiUsageException naming the table and its fields when none
   */
  public String field(String name) {
    String mapped = fieldsByProperty.get(name);
    if (mapped != null) {
      return mapped;
    }
    if (name.equals(Document.ID) || name.equals(Document.CREATION_TIME)) {
      return name;
    }
    int dot = name.indexOf('.');
    String top = dot < 0 ? name : name.substring(0, dot);
    if (table.field(top).isPresent()) {
      return name;
    }
    String property = fieldsByProperty.get(top);
    if (property != null && dot >= 0) {
      return property + name.substring(dot);
    }
    throw new InvalidDataAccessApiUsageException("Unknown field \"" + name + "\" on table \""
        + table.name() + "\"; fields: " + knownFields());
  }

  private List<String> knownFields() {
    List<String> names = new ArrayList<>();
    names.add(Document.ID);
    names.add(Document.CREATION_TIME);
    table.fields().forEach(f -> names.add(f.name()));
    return names;
  }

  /**
   * Returns {@code filter} bound to the table: fields resolved, literals coerced, constants
   * folded.
   *
   * @throws InvalidDataAccessApiUsageException when the filter names an unknown field
   */
  public Filter resolve(Filter filter) {
    if (filter instanceof Filter.Compare c) {
      String field = field(c.field());
      ConvexValue value = coerce(field, c.value());
      if (isIdField(field) && !isIdOfTable(field, value)) {
        boolean matchesAll = c.op() == Filter.Op.NE;
        if (c.op() == Filter.Op.EQ || c.op() == Filter.Op.NE) {
          return new Filter.Constant(matchesAll, c + ": not an id of table \"" + idTable(field) + "\"");
        }
      }
      return new Filter.Compare(field, c.op(), value);
    }
    if (filter instanceof Filter.Between b) {
      String field = field(b.field());
      return new Filter.Between(field, coerce(field, b.low()), coerce(field, b.high()), b.negated());
    }
    if (filter instanceof Filter.In in) {
      String field = field(in.field());
      List<ConvexValue> values = new ArrayList<>();
      for (ConvexValue v : in.values()) {
        ConvexValue coerced = coerce(field, v);
        if (!isIdField(field) || isIdOfTable(field, coerced)) {
          values.add(coerced);
        }
      }
      if (values.isEmpty()) {
        return new Filter.Constant(in.negated(), in + (in.values().isEmpty()
            ? ": no values" : ": no value is an id of table \"" + idTable(field) + "\""));
      }
      return new Filter.In(field, values, in.negated());
    }
    if (filter instanceof Filter.IsNull n) {
      return new Filter.IsNull(field(n.field()), n.negated());
    }
    if (filter instanceof Filter.Missing m) {
      return new Filter.Missing(field(m.field()), m.negated());
    }
    if (filter instanceof Filter.Text t) {
      return new Filter.Text(field(t.field()), t.match(), t.text(), t.negated());
    }
    if (filter instanceof Filter.ArrayContains a) {
      return new Filter.ArrayContains(field(a.field()), a.value());
    }
    if (filter instanceof Filter.And and) {
      List<Filter> parts = new ArrayList<>();
      for (Filter f : and.filters()) {
        Filter r = resolve(f);
        if (r instanceof Filter.Constant k) {
          if (!k.value()) {
            return k;
          }
          continue;
        }
        if (r instanceof Filter.And nested) {
          parts.addAll(nested.filters());
        }
        else {
          parts.add(r);
        }
      }
      return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }
    if (filter instanceof Filter.Or or) {
      List<Filter> parts = new ArrayList<>();
      for (Filter f : or.filters()) {
        Filter r = resolve(f);
        if (r instanceof Filter.Constant k) {
          if (k.value()) {
            return k;
          }
          continue;
        }
        parts.add(r);
      }
      if (parts.isEmpty()) {
        return new Filter.Constant(false, "or() with no alternative that can match");
      }
      return parts.size() == 1 ? parts.get(0) : new Filter.Or(parts);
    }
    if (filter instanceof Filter.Not not) {
      Filter inner = resolve(not.filter());
      if (inner instanceof Filter.Constant k) {
        return new Filter.Constant(!k.value(), "not(" + k.reason() + ")");
      }
      return new Filter.Not(inner);
    }
    return filter;
  }

  /**
   * Takes an integral literal compared with a {@code float64} field as a Float64, and an
   * {@code Instant} (in its Convex form) compared with {@code _creationTime} as its Float64
   * milliseconds.
   */
  public ConvexValue coerce(String field, ConvexValue value) {
    if (value instanceof ConvexInt64 i && declaredType(field).orElse(null)
        instanceof FieldType.Float64Type) {
      return new ConvexFloat64(i.value());
    }
    if (value instanceof ConvexString && field.equals(Document.CREATION_TIME)) {
      return StandardTypes.creationTimeValue(value);
    }
    return value;
  }

  private Optional<FieldType> declaredType(String field) {
    return table.field(field).map(FieldSchema::type);
  }

  private boolean isIdField(String field) {
    return field.equals(Document.ID)
        || declaredType(field).orElse(null) instanceof FieldType.IdType;
  }

  private String idTable(String field) {
    if (field.equals(Document.ID)) {
      return table.name();
    }
    return ((FieldType.IdType) declaredType(field).orElseThrow()).table();
  }

  /** Whether {@code value} can be stored in the id field: a well-formed id of its table. */
  private boolean isIdOfTable(String field, ConvexValue value) {
    if (!(value instanceof ConvexString s)) {
      return true;
    }
    return isIdOf.test(idTable(field), s.value());
  }
}
