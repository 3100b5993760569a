package dev.betterconvex.orm.value;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The limits Convex puts on a document, checked the way convex-backend checks them.
 *
 * <ul>
 *   <li>size at most 1 MiB, measured by {@link #size};
 *   <li>at most 1024 fields in any object;
 *   <li>at most 8192 elements in any array;
 *   <li>nesting at most 16 levels, the document itself being level 1 and each array or object
 *       inside adding one;
 *   <li>field names non-empty, at most 1024 non-control ASCII characters, not starting with
 *       {@code $} (checked by {@link ConvexObject} itself);
 *   <li>no top-level field name starting with {@code _} other than the system fields {@code _id}
 *       (a string) and {@code _creationTime} (a Float64).
 * </ul>
 */
public final class DocumentLimits {

  /** The largest document size, as measured by {@link #size}: 1 MiB. */
  public static final long MAX_DOCUMENT_SIZE = 1 << 20;

  /** The most fields an object may have. */
  public static final int MAX_OBJECT_FIELDS = 1024;

  /** The most elements an array may have. */
  public static final int MAX_ARRAY_ELEMENTS = 8192;

  /** The deepest nesting of a document, the document itself counting as level 1. */
  public static final int MAX_NESTING = 16;

  /** The longest field name. */
  public static final int MAX_FIELD_NAME_LENGTH = FieldNames.MAX_LENGTH;

  private static final String ID_FIELD = "_id";
  private static final String CREATION_TIME_FIELD = "_creationTime";

  private DocumentLimits() {
  }

  /**
   * Checks that {@code document} may be stored in {@code table}; pass the whole document, system
   * fields included, to measure its size as Convex does.
   *
   * @throws IllegalArgumentException naming the table, the field path and the limit, for example
   *     {@code Document in table "posts" has 1025 fields at "meta", the limit is 1024}
   */
  public static void checkDocument(String table, ConvexObject document) {
    for (Map.Entry<String, ConvexValue> field : document.fields().entrySet()) {
      String name = field.getKey();
      if (name.startsWith("_")) {
        if (name.equals(ID_FIELD)) {
          if (!(field.getValue() instanceof ConvexString)) {
            throw fail(table, "has a \"_id\" field of type " + field.getValue().typeName()
                + ", it must be a string id");
          }
        } else if (name.equals(CREATION_TIME_FIELD)) {
          if (!(field.getValue() instanceof ConvexFloat64)) {
            throw fail(table, "has a \"_creationTime\" field of type "
                + field.getValue().typeName() + ", it must be a float64");
          }
        } else {
          throw fail(table, "has a field \"" + FieldNames.abbreviate(name)
              + "\" starting with an underscore, which is reserved for the system fields "
              + "\"_id\" and \"_creationTime\"");
        }
      }
    }
    checkLimits(table, document);
  }

  /**
   * Checks only the size, the field and element counts and the nesting of {@code document}, the
   * part of {@link #checkDocument} that a valid object can still fail.
   *
   * @throws IllegalArgumentException naming the table, the field path and the limit
   */
  public static void checkLimits(String table, ConvexObject document) {
    long size = check(table, document, new StringBuilder(), 1);
    if (size > MAX_DOCUMENT_SIZE) {
      throw fail(table, "is " + size + " bytes" + largestField(document)
          + ", the limit is " + MAX_DOCUMENT_SIZE + " bytes (1 MiB)");
    }
  }

  /**
   * Returns the size of a value the way Convex measures it: 1 for null and booleans, 9 for
   * numbers, 2 plus the UTF-8 length for strings, 2 plus the length for bytes, 2 plus the
   * elements for arrays, and 2 plus, per field, the name length, 1 and the value for objects.
   */
  public static long size(ConvexValue value) {
    if (value instanceof ConvexString s) {
      return 2L + Utf8.encodedLength(s.value());
    }
    if (value instanceof ConvexInt64 || value instanceof ConvexFloat64) {
      return 9;
    }
    if (value instanceof ConvexBoolean || value instanceof ConvexNull) {
      return 1;
    }
    if (value instanceof ConvexBytes b) {
      return 2L + b.length();
    }
    long size = 2;
    if (value instanceof ConvexArray a) {
      for (ConvexValue element : a.values()) {
        size += size(element);
      }
      return size;
    }
    for (Map.Entry<String, ConvexValue> field : ((ConvexObject) value).fields().entrySet()) {
      size += field.getKey().length() + 1 + size(field.getValue());
    }
    return size;
  }

  /** Checks counts, names and nesting below {@code value}, returning its size. */
  private static long check(String table, ConvexValue value, StringBuilder path, int level) {
    if (value instanceof ConvexArray a) {
      checkLevel(table, path, level);
      List<ConvexValue> elements = a.values();
      if (elements.size() > MAX_ARRAY_ELEMENTS) {
        throw fail(table, "has an array of " + elements.size() + " elements at " + at(path)
            + ", the limit is " + MAX_ARRAY_ELEMENTS);
      }
      long size = 2;
      int mark = path.length();
      for (int i = 0; i < elements.size(); i++) {
        ConvexValue element = elements.get(i);
        if (element instanceof ConvexArray || element instanceof ConvexObject) {
          path.append('[').append(i).append(']');
          size += check(table, element, path, level + 1);
          path.setLength(mark);
        } else {
          size += size(element);
        }
      }
      return size;
    }
    if (value instanceof ConvexObject o) {
      checkLevel(table, path, level);
      Map<String, ConvexValue> fields = o.fields();
      if (fields.size() > MAX_OBJECT_FIELDS) {
        throw fail(table, "has " + fields.size() + " fields at " + at(path)
            + ", the limit is " + MAX_OBJECT_FIELDS);
      }
      long size = 2;
      int mark = path.length();
      for (Map.Entry<String, ConvexValue> field : fields.entrySet()) {
        String name = field.getKey();
        String problem = FieldNames.problem(name);
        if (mark > 0) {
          path.append('.');
        }
        path.append(name);
        if (problem != null) {
          throw fail(table, "has an invalid field name at " + at(path) + ": " + problem);
        }
        size += name.length() + 1 + check(table, field.getValue(), path, level + 1);
        path.setLength(mark);
      }
      return size;
    }
    return size(value);
  }

  private static void checkLevel(String table, StringBuilder path, int level) {
    if (level > MAX_NESTING) {
      throw fail(table, "is nested " + level + " levels deep at " + at(path)
          + ", the limit is " + MAX_NESTING);
    }
  }

  private static String largestField(ConvexObject document) {
    @Nullable String largest = null;
    long largestSize = -1;
    for (Map.Entry<String, ConvexValue> field : document.fields().entrySet()) {
      long size = size(field.getValue());
      if (size > largestSize) {
        largest = field.getKey();
        largestSize = size;
      }
    }
    return largest == null ? ""
        : " (its largest field is \"" + FieldNames.abbreviate(largest) + "\" with " + largestSize
            + " bytes)";
  }

  private static String at(StringBuilder path) {
    return path.length() == 0 ? "the top level" : "\"" + FieldNames.abbreviate(path.toString()) + "\"";
  }

  private static IllegalArgumentException fail(String table, String what) {
    return new IllegalArgumentException("Document in table \"" + table + "\" " + what);
  }
}
