package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.DocumentId;
import dev.betterconvex.orm.value.KeyEncoding;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The row key of H2's physical tables (storage layout 3 there): computed from the id, in id
 * order, never confused with another id of the same row key, and migrated to from layout 2.
 */
class RowKeyTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("people", t -> {
        t.field("name", FieldType.string());
        t.field("age", FieldType.int64());
        t.index("by_name", "name");
        t.index("by_age", "age");
      })
      .build();

  @Property
  void theRowKeyIsTheFirstEightInternalIdBytesInIdOrder(
      @ForAll @IntRange(min = 1, max = 2_000_000) int table,
      @ForAll @Size(16) byte[] a, @ForAll @Size(16) byte[] b) {
    String first = new DocumentId(table, a).encode();
    String second = new DocumentId(table, b).encode();
    assertThat(PhysicalTable.rowKey(first))
        .isEqualTo(ByteBuffer.wrap(a).getLong() ^ Long.MIN_VALUE);
    int ids = Integer.signum(first.compareTo(second));
    int keys = Long.signum(Long.compare(PhysicalTable.rowKey(first),
        PhysicalTable.rowKey(second)));
    if (keys != 0) {
      assertThat(keys).as("row keys follow the ids' order").isEqualTo(ids);
    }
  }

  @Property
  void anyStringHasARowKey(@ForAll String notAnId) {
    PhysicalTable.rowKey(notAnId);
  }

  @DatabaseTest
  void anIdWithTheRowKeyOfAStoredOneIsNeitherReadNorChangedAndCannotBeInserted(TestDatabase db)
      throws SQLException {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    String stored = engine.mutation(tx -> tx.insert("people", Map.of("name", "ada", "age", 36L)));
    String twin = twinOf(stored);
    assertThat(PhysicalTable.rowKey(twin)).isEqualTo(PhysicalTable.rowKey(stored));

    assertThat(engine.<Optional<Document>>query(tx -> tx.get(twin))).isEmpty();
    assertThat(engine.<Optional<Document>>query(tx -> tx.get(stored))).isPresent();
    TableRegistry.TableInfo people = engine.registry().table("people");
    JdbcDocumentStore store = engine.store();
    try (Connection c = db.dataSource().getConnection()) {
      assertThat(store.getMany(c, people.physical(), List.of(twin))).isEmpty();
      assertThat(store.getMany(c, people.physical(), List.of(twin, stored)))
          .extracting(s -> s.document().id()).containsExactly(stored);
      assertThat(store.delete(c, people.physical(), twin)).isFalse();
      Document doc = new Document("people", twin, 1.0, "{\"name\":\"eve\",\"age\":1}");
      if (db.kind() == TestDatabase.Kind.H2) {
        assertThatThrownBy(() -> store.insert(c, people.physical(),
            List.of(JdbcDocumentStore.row(people.physical(), doc))))
            .isInstanceOf(OptimisticConcurrencyException.class)
            .hasMessageContaining("\"people\"").hasMessageContaining("row key");
      }
      else {
        store.insert(c, people.physical(), List.of(JdbcDocumentStore.row(people.physical(), doc)));
        assertThat(store.getMany(c, people.physical(), List.of(twin, stored))).hasSize(2);
      }
    }
    assertThat(engine.<Optional<Document>>query(tx -> tx.get(stored))).isPresent();
  }

  /**
   * Rows requiring more parents than one read of them holds (1,000 ids a statement): every
   * parent is found, in every chunk of the read (on H2; PostgreSQL checks them inside the
   * insert).
   */
  @DatabaseTest
  void moreRequiredParentsThanOneReadHoldsAreAllFound(TestDatabase db) throws SQLException {
    List<Document> parents = seed(db, 1_100);
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    PhysicalTable people = engine.registry().table("people").physical();
    List<JdbcDocumentStore.Row> rows = new ArrayList<>();
    for (Document parent : parents) {
      Document child = new Document("people", DocumentId.generate(people.number()).encode(), 2.0,
          "{\"age\":{\"$integer\":\"AQAAAAAAAAA=\"},\"name\":\"child\"}");
      rows.add(JdbcDocumentStore.row(people, child)
          .requiring(List.of(people.name()), java.util.Collections.singletonList(parent.id())));
    }
    try (Connection c = db.dataSource().getConnection()) {
      engine.store().insert(c, people, rows);
      assertThat(engine.store().getMany(c, people, rows.stream().map(r -> r.document().id())
          .toList())).hasSize(1_100);
    }
  }

  @DatabaseTest
  void aLayout2DatabaseIsMigratedToRowKeysOnH2AndKeptOnPostgreSql(TestDatabase db)
      throws SQLException {
    List<Document> docs = seed(db, 300);
    boolean h2 = db.kind() == TestDatabase.Kind.H2;
    if (h2) {
      toLayout2(db, false);
    }
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertIntact(engine, docs);
    assertThat(meta(db, "layout_version")).isEqualTo(h2 ? "3" : "2");
    assertThat(columns(db)).contains("id").containsExactlyInAnyOrderElementsOf(
        h2 ? List.of("rk", "id", "creation_time", "body", "body_overflow", "k2", "k3", "k4")
            : List.of("id", "creation_time", "body", "k2", "k3", "k4"));
    String added = engine.mutation(tx -> tx.insert("people", Map.of("name", "zed", "age", 1L)));
    List<Document> all = new ArrayList<>(docs);
    all.add(engine.<Optional<Document>>query(tx -> tx.get(added)).orElseThrow());
    // A second start changes nothing.
    assertIntact(ConvexEngine.builder(db.dataSource(), SCHEMA).build(), all);
  }

  @DatabaseTest
  void anInterruptedMigrationWithAnIndexBeingBuiltIsCompletedByTheNextStart(TestDatabase db)
      throws SQLException {
    List<Document> docs = seed(db, 250);
    if (db.kind() == TestDatabase.Kind.H2) {
      toLayout2(db, true);
      // What an interrupted start leaves: the table renamed, the new one created, half copied.
      exec(db, "ALTER TABLE bc_t10001 RENAME TO bc_t10001_l2");
      exec(db, "CREATE TABLE bc_t10001 (rk BIGINT PRIMARY KEY, id VARCHAR(40) NOT NULL, "
          + "creation_time DOUBLE PRECISION NOT NULL, body CHARACTER VARYING(1000000), "
          + "body_overflow CHARACTER LARGE OBJECT, k2 VARBINARY NOT NULL, k3 VARBINARY NOT NULL, "
          + "k4 VARBINARY)");
      exec(db, "INSERT INTO bc_t10001 (rk, id, creation_time, body, k2, k3) SELECT 1, id, "
          + "creation_time, body, k2, k3 FROM bc_t10001_l2 ORDER BY id LIMIT 1");
    }
    else {
      // On PostgreSQL an index still being built after a stop: the key column half filled.
      exec(db, "ALTER TABLE bc_t10001 ALTER COLUMN k4 DROP NOT NULL");
      exec(db, "UPDATE bc_t10001 SET k4 = NULL WHERE creation_time > (SELECT AVG(creation_time) "
          + "FROM bc_t10001)");
      exec(db, "UPDATE bc_indexes SET index_state = 'BUILDING' WHERE index_id = 4");
    }
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertIntact(engine, docs);
    assertThat(meta(db, "layout_version"))
        .isEqualTo(db.kind() == TestDatabase.Kind.H2 ? "3" : "2");
  }

  /** Another id of the same table whose internal id begins with the same 8 bytes. */
  private static String twinOf(String id) {
    DocumentId decoded = DocumentId.decode(id);
    byte[] internal = decoded.internalId();
    internal[15] ^= 1;
    return new DocumentId(decoded.tableNumber(), internal).encode();
  }

  private static List<Document> seed(TestDatabase db, int count) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    assertThat(engine.registry().table("people").index("by_name").id()).isEqualTo(3);
    assertThat(engine.registry().table("people").index("by_age").id()).isEqualTo(4);
    List<String> ids = engine.mutation(tx -> {
      List<String> written = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        written.add(tx.insert("people", Map.of("name", "p" + (i * 37 % 101), "age",
            (long) (i * 13 % 90))));
      }
      return written;
    });
    List<Document> docs = new ArrayList<>();
    for (String id : ids) {
      docs.add(engine.<Optional<Document>>query(tx -> tx.get(id)).orElseThrow());
    }
    return docs;
  }

  /**
   * Rewrites the H2 tables as the build of layout 2 wrote them: the id as the primary key, no row
   * key; with {@code building}, the index {@code by_age} as a stop in its backfill left it.
   */
  private static void toLayout2(TestDatabase db, boolean building) {
    exec(db, "CREATE TABLE bc_l2 (id VARCHAR(40) PRIMARY KEY, creation_time DOUBLE PRECISION "
        + "NOT NULL, body CHARACTER VARYING(1000000), body_overflow CHARACTER LARGE OBJECT, "
        + "k2 VARBINARY NOT NULL, k3 VARBINARY NOT NULL, k4 VARBINARY"
        + (building ? "" : " NOT NULL") + ")");
    exec(db, "INSERT INTO bc_l2 SELECT id, creation_time, body, body_overflow, k2, k3, k4 FROM "
        + "bc_t10001");
    exec(db, "DROP TABLE bc_t10001");
    exec(db, "ALTER TABLE bc_l2 RENAME TO bc_t10001");
    exec(db, "CREATE INDEX bc_t10001_k2 ON bc_t10001 (k2)");
    exec(db, "CREATE INDEX bc_t10001_k3 ON bc_t10001 (k3)");
    exec(db, "CREATE INDEX bc_t10001_k4 ON bc_t10001 (k4)");
    if (building) {
      exec(db, "UPDATE bc_t10001 SET k4 = NULL WHERE creation_time > (SELECT AVG(creation_time) "
          + "FROM bc_t10001)");
      exec(db, "UPDATE bc_indexes SET index_state = 'BUILDING' WHERE index_id = 4");
    }
    exec(db, "UPDATE bc_meta SET meta_value = '2' WHERE meta_key = 'layout_version'");
  }

  private static void assertIntact(ConvexEngine engine, List<Document> docs) {
    for (Document doc : docs) {
      assertThat(engine.<Optional<Document>>query(tx -> tx.get(doc.id()))).contains(doc);
    }
    for (IndexSchema index : SCHEMA.requireTable("people").allIndexes()) {
      List<String> expected = docs.stream()
          .sorted(Comparator.comparing(d -> key(index, d), Arrays::compareUnsigned))
          .map(Document::id).toList();
      for (Order order : Order.values()) {
        List<String> read = engine.query(tx -> tx.query("people").withIndex(index.name())
            .order(order).collect()).stream().map(Document::id).toList();
        List<String> want = new ArrayList<>(expected);
        if (order == Order.DESC) {
          java.util.Collections.reverse(want);
        }
        assertThat(read).as(index.name() + " " + order).containsExactlyElementsOf(want);
      }
    }
  }

  private static byte[] key(IndexSchema index, Document doc) {
    List<dev.betterconvex.orm.value.ConvexValue> values = new ArrayList<>();
    for (String field : index.keyFields()) {
      values.add(doc.get(field));
    }
    return KeyEncoding.encodeTuple(values);
  }

  private static Set<String> columns(TestDatabase db) throws SQLException {
    Set<String> columns = new java.util.HashSet<>();
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(),
            db.kind() == TestDatabase.Kind.H2 ? "BC_T10001" : "bc_t10001", null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return columns;
  }

  private static String meta(TestDatabase db, String key) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT meta_value FROM bc_meta WHERE meta_key = '" + key + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void exec(TestDatabase db, String sql) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
    catch (SQLException ex) {
      throw new IllegalStateException(sql, ex);
    }
  }
}
