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

  /**
   * The name of the relevance score a search gives a document when asked for
   * ({@code includeScore()}); absent otherwise.
   */
  public static final String SCORE = "_score";

  private final String table;
  private final String id;
  private final double creationTime;
  private volatile @Nullable ConvexObject fields;
  private final @Nullable String body;
  private final @Nullable Double score;

  Document(String table, String id, double creationTime, ConvexObject fields) {
    this.table = table;
    this.id = id;
    this.creationTime = creationTime;
    this.fields = fields;
    this.body = null;
    this.score = null;
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
    this.score = null;
  }

  private Document(Document document, double score) {
    this.table = document.table;
    this.id = document.id;
    this.creationTime = document.creationTime;
    this.fields = document.fields;
    this.body = document.body;
    this.score = score;
  }

  /** Returns this document carrying the relevance score a search gave it (see {@link #SCORE}). */
  public Document withScore(double value) {
    return new Document(this, value);
  }

  /** Returns the relevance score a search gave this document, when it was asked for. */
  public java.util.OptionalDouble score() {
    Double value = score;
    return value == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(value);
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
   * Returns the stored Convex JSON text of the user fields while they have not been parsed (see
   * {@link #fields()}), so that a reader that streams them, such as the ORM's entity mapping,
   * need not build the {@link ConvexObject}; null once parsed, and for a document built from
   * values.
   */
  public @Nullable String unparsedBody() {
    return fields == null ? body : null;
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
    Double value = score;
    if (value != null && SCORE.equals(path)) {
      return new ConvexFloat64(value);
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
    Double value = score;
    if (value != null) {
      all.put(SCORE, new ConvexFloat64(value));
    }
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
