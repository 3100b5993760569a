package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.VectorIndexSchema;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The physical table of one vector index, {@code bc_v<index id>}: one row per document whose
 * vector field holds a vector, with its id (primary key), one column {@code f<i>} per filter
 * field holding the field's value in the order-preserving key encoding (under an index of its
 * own), and the vector as float32 little-endian bytes in {@code vec}.
 *
 * @param dialect the database
 * @param tableName the Convex table the index belongs to
 * @param id the index id (never reused)
 * @param schema the index as it is stored (declared or not)
 */
record VectorTable(SqlDialect dialect, String tableName, int id, VectorIndexSchema schema) {

  /** One row: the document id, the filter keys, the vector bytes. */
  record Entry(String id, List<byte[]> filterKeys, byte[] vector) {

    boolean sameAs(@Nullable Entry other) {
      if (other == null || !java.util.Arrays.equals(vector, other.vector)) {
        return false;
      }
      for (int i = 0; i < filterKeys.size(); i++) {
        if (!java.util.Arrays.equals(filterKeys.get(i), other.filterKeys.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  static String nameOf(int id) {
    return "bc_v" + id;
  }

  String name() {
    return nameOf(id);
  }

  /** The stored form of the definition in {@code bc_vector_indexes.index_definition}. */
  static String definition(VectorIndexSchema index) {
    return index.vectorField() + ";" + index.dimensions() + ";"
        + String.join(",", index.filterFields());
  }

  /** The index a stored definition describes. */
  static VectorIndexSchema parse(String name, String definition) {
    String[] parts = definition.split(";", -1);
    List<String> filters = parts[2].isEmpty() ? List.of() : List.of(parts[2].split(","));
    return new VectorIndexSchema(name, parts[0], Integer.parseInt(parts[1]), filters);
  }

  List<String> createSql() {
    StringBuilder ddl = new StringBuilder("CREATE TABLE " + name() + " (id "
        + dialect.idType() + " PRIMARY KEY");
    for (int i = 0; i < schema.filterFields().size(); i++) {
      ddl.append(", f").append(i).append(' ').append(dialect.binaryType()).append(" NOT NULL");
    }
    ddl.append(", vec ").append(dialect.vectorType(schema.dimensions() * Float.BYTES))
        .append(" NOT NULL)");
    List<String> result = new ArrayList<>();
    result.add(ddl.toString());
    for (int i = 0; i < schema.filterFields().size(); i++) {
      result.add("CREATE INDEX " + name() + "_f" + i + " ON " + name() + " (f" + i + ")");
    }
    return result;
  }

  String insertSql() {
    int columns = schema.filterFields().size() + 2;
    StringBuilder names = new StringBuilder("id");
    for (int i = 0; i < schema.filterFields().size(); i++) {
      names.append(", f").append(i);
    }
    return "INSERT INTO " + name() + " (" + names + ", vec) VALUES ("
        + String.join(", ", Collections.nCopies(columns, "?")) + ")";
  }

  String updateSql() {
    StringBuilder sql = new StringBuilder("UPDATE " + name() + " SET ");
    for (int i = 0; i < schema.filterFields().size(); i++) {
      sql.append('f').append(i).append(" = ?, ");
    }
    return sql.append("vec = ? WHERE id = ?").toString();
  }

  /**
   * The row of {@code doc} in this index, or null when its vector field holds no vector of the
   * index's length (Convex leaves such documents out of the index).
   */
  @Nullable Entry entry(Document doc) {
    ConvexValue value = doc.get(schema.vectorField());
    if (!(value instanceof ConvexArray array) || array.values().size() != schema.dimensions()) {
      return null;
    }
    ByteBuffer bytes = ByteBuffer.allocate(schema.dimensions() * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (ConvexValue element : array.values()) {
      if (element instanceof ConvexFloat64 f) {
        bytes.putFloat((float) f.value());
      }
      else if (element instanceof ConvexInt64 n) {
        bytes.putFloat((float) n.value());
      }
      else {
        return null;
      }
    }
    List<byte[]> keys = new ArrayList<>(schema.filterFields().size());
    for (String field : schema.filterFields()) {
      keys.add(filterKey(doc.id(), field, doc.get(field)));
    }
    return new Entry(doc.id(), keys, bytes.array());
  }

  /** The stored key of a filter field's value; fails, naming the document, when too long. */
  byte[] filterKey(@Nullable String docId, String field, @Nullable ConvexValue value) {
    byte[] key = KeyEncoding.encode(value);
    if (key.length > JdbcDocumentStore.MAX_KEY_BYTES) {
      throw new InvalidDocumentException("Filter field " + field + " of vector index "
          + tableName + "." + schema.name() + (docId == null ? "" : " in document " + docId)
          + " is " + key.length + " bytes encoded; the limit is "
          + JdbcDocumentStore.MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** Reads a stored vector into {@code into}. */
  static void read(byte[] stored, float[] into) {
    ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into);
  }

  @Override
  public String toString() {
    return name() + "(" + tableName + "." + schema.name() + ")";
  }
}
