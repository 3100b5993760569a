package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A stored document: its table, its system fields {@code _id} and {@code _creationTime}, and its
 * user fields. Immutable.
 */
public final class Document {

  /** The name of the id system field. */
  public static final String ID = "_id";

  /** The name of the creation time system field. */
  public static final String CREATION_TIME = "_creationTime";

  private final String table;
  private final String id;
  private final double creationTime;
  private volatile @Nullable ConvexObject fields;
  private final @Nullable String body;

  Document(String table, String id, double creationTime, ConvexObject fields) {
    this.table = table;
    this.id = id;
    this.creationTime = creationTime;
    this.fields = fields;
    this.body = null;
  }

  /**
   * A stored document whose body (its user fields in the Convex JSON form) is parsed on first
   * use, so that rows read only for their keys or skipped by an offset are never parsed.
   */
  Document(String table, String id, double creationTime, String body) {
    this.table = table;
    this.id = id;
    this.creationTime = creationTime;
    this.body = body;
  }

  /**
   * Returns a document value, stored or not: for example the new values of a row that a
   * policy's {@code withCheck} or a constraint must see before the write.
   */
  public static Document of(String table, String id, double creationTime, ConvexObject fields) {
    return new Document(Objects.requireNonNull(table, "table"), Objects.requireNonNull(id, "id"),
        creationTime, Objects.requireNonNull(fields, "fields"));
  }

  /** Returns the name of the table the document belongs to. */
  public String table() {
    return table;
  }

  /** Returns the document's {@code _id}. */
  public String id() {
    return id;
  }

  /** Returns {@code _creationTime}: milliseconds since the Unix epoch, with a fraction. */
  public double creationTime() {
    return creationTime;
  }

  /** Returns the user fields, without the system fields. */
  public ConvexObject fields() {
    ConvexObject parsed = fields;
    if (parsed == null) {
      String json = Objects.requireNonNull(body);
      ConvexValue value;
      try {
        value = dev.betterconvex.orm.value.ConvexJson.read(json);
      }
      catch (RuntimeException ex) {
        throw new IllegalStateException("Stored body of document " + id + " of table \""
            + table + "\" is not valid: " + ex.getMessage(), ex);
      }
      if (!(value instanceof ConvexObject object)) {
        throw new IllegalStateException("Stored body of document " + id + " of table \""
            + table + "\" is not an object: " + json);
      }
      fields = parsed = object;
    }
    return parsed;
  }

  /**
   * Returns the value at a field path ({@code "a.b"} reads into nested objects), system fields
   * included, or {@code null} when the field is missing.
   */
  public @Nullable ConvexValue get(String path) {
    if (ID.equals(path)) {
      return new ConvexString(id);
    }
    if (CREATION_TIME.equals(path)) {
      return new ConvexFloat64(creationTime);
    }
    return fields().valueAt(path);
  }

  /** Returns the Java form of a field (see {@link JavaValues#toJava}), or null when missing. */
  public @Nullable Object getJava(String path) {
    ConvexValue value = get(path);
    return value == null ? null : JavaValues.toJava(value);
  }

  /** Returns the whole document, system fields included, as one Convex object. */
  public ConvexObject toObject() {
    Map<String, ConvexValue> all = new TreeMap<>(fields().fields());
    all.put(ID, new ConvexString(id));
    all.put(CREATION_TIME, new ConvexFloat64(creationTime));
    return new ConvexObject(new TreeMap<>(all));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Document d && d.table.equals(table) && d.id.equals(id)
        && Double.compare(d.creationTime, creationTime) == 0 && d.fields().equals(fields());
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, id, fields());
  }

  @Override
  public String toString() {
    return table + toObject();
  }
}
