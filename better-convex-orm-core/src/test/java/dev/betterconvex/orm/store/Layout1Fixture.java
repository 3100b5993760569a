package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexJson;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.DocumentId;
import dev.betterconvex.orm.value.KeyEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes a database in storage layout 1 exactly as the build before layout 2 did: its DDL, its
 * table and index registration (index ids in the order of {@code allIndexes()}), one
 * {@code bc_documents} row per document and one {@code bc_index_entries} row per index.
 */
final class Layout1Fixture {

  private final DataSource dataSource;
  private final boolean h2;
  private final Map<String, Integer> numbers = new LinkedHashMap<>();
  private final Map<String, Map<IndexSchema, Integer>> indexIds = new LinkedHashMap<>();
  private double clock = 1_700_000_000_000.0;
  private boolean overflow;

  Layout1Fixture(TestDatabase db, Schema schema) {
    this.dataSource = db.dataSource();
    this.h2 = db.kind() == TestDatabase.Kind.H2;
    String bin = h2 ? "VARBINARY(2048)" : "BYTEA";
    String text = h2 ? "CHARACTER VARYING(1000000)" : "TEXT";
    exec("CREATE TABLE bc_meta (meta_key VARCHAR(64) PRIMARY KEY, "
        + "meta_value VARCHAR(1000) NOT NULL)");
    exec("CREATE TABLE bc_tables (table_number INTEGER PRIMARY KEY, "
        + "table_name VARCHAR(64) NOT NULL UNIQUE)");
    exec("CREATE TABLE bc_indexes (index_id INTEGER PRIMARY KEY, "
        + "table_number INTEGER NOT NULL, index_name VARCHAR(64) NOT NULL, "
        + "index_fields VARCHAR(2000) NOT NULL, UNIQUE (table_number, index_name))");
    exec("CREATE TABLE bc_documents (id VARCHAR(40) PRIMARY KEY, "
        + "table_number INTEGER NOT NULL, creation_time DOUBLE PRECISION NOT NULL, "
        + "body " + text + " NOT NULL)");
    exec("CREATE TABLE bc_index_entries (index_id INTEGER NOT NULL, "
        + "index_key " + bin + " NOT NULL, document_id VARCHAR(40) NOT NULL, "
        + "PRIMARY KEY (index_id, index_key))");
    exec("INSERT INTO bc_meta (meta_key, meta_value) VALUES ('layout_version', '1')");
    exec("INSERT INTO bc_meta (meta_key, meta_value) VALUES ('cursor_secret', '"
        + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff')");
    int number = DocumentId.FIRST_USER_TABLE_NUMBER;
    int indexId = 0;
    for (TableSchema table : schema.tables()) {
      numbers.put(table.name(), number);
      exec("INSERT INTO bc_tables (table_number, table_name) VALUES (" + number + ", '"
          + table.name() + "')");
      Map<IndexSchema, Integer> ids = new LinkedHashMap<>();
      for (IndexSchema index : table.allIndexes()) {
        ids.put(index, ++indexId);
        exec("INSERT INTO bc_indexes (index_id, table_number, index_name, index_fields) VALUES ("
            + indexId + ", " + number + ", '" + index.name() + "', '"
            + String.join(",", index.keyFields()) + "')");
      }
      indexIds.put(table.name(), ids);
      number++;
    }
  }

  /**
   * Adds the {@code body_overflow} column that the last layout-1 build had, and writes the body
   * of every later insert there, leaving {@code body} empty, as that build did for long bodies.
   */
  Layout1Fixture withOverflowBodies() {
    exec("ALTER TABLE bc_documents ADD COLUMN body_overflow "
        + (h2 ? "CHARACTER LARGE OBJECT" : "TEXT"));
    overflow = true;
    return this;
  }

  /** Writes one document as layout 1 did (2 statements) and returns it. */
  Document insert(String table, ConvexObject fields) {
    String id = DocumentId.generate(numbers.get(table)).encode();
    clock += 1.25;
    Document doc = Document.of(table, id, clock, fields);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(overflow
          ? "INSERT INTO bc_documents (id, table_number, creation_time, body, body_overflow) "
              + "VALUES (?, ?, ?, '', ?)"
          : "INSERT INTO bc_documents (id, table_number, creation_time, body) "
              + "VALUES (?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setInt(2, numbers.get(table));
        ps.setDouble(3, doc.creationTime());
        ps.setString(4, ConvexJson.write(fields));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO bc_index_entries (index_id, index_key, document_id) VALUES (?, ?, ?)")) {
        for (Map.Entry<IndexSchema, Integer> index : indexIds.get(table).entrySet()) {
          List<ConvexValue> values = new ArrayList<>();
          for (String field : index.getKey().keyFields()) {
            values.add(doc.get(field));
          }
          ps.setInt(1, index.getValue());
          ps.setBytes(2, KeyEncoding.encodeTuple(values));
          ps.setString(3, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
    return doc;
  }

  private void exec(String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
    catch (SQLException ex) {
      throw new IllegalStateException(sql, ex);
    }
  }
}
