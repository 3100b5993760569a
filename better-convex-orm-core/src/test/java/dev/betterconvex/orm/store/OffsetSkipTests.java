package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Bodies are parsed only when a field is used: an offset skips rows without parsing them. The
 * proof is a row whose stored body is not JSON: skipping it works, reading it fails. Skipped rows
 * still count against the bytes-read limit, by a size the database reads without scanning the
 * body.
 */
class OffsetSkipTests {

  private static final Schema NOTES = Schema.builder()
      .table("notes", t -> {
        t.field("text", FieldType.string());
        t.field("n", FieldType.int64());
        t.index("by_n", "n");
      })
      .build();
  private static final IndexSchema BY_N = NOTES.requireTable("notes").index("by_n").orElseThrow();

  @DatabaseTest
  void anOffsetSkipsRowsWithoutParsingTheirBodies(TestDatabase db) throws SQLException {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), GroupedItems.SCHEMA).build();
    List<String> ids = engine.mutation(tx -> {
      List<String> made = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        made.add(tx.insert("items", Map.of("g", 1, "n", n)));
      }
      return made;
    });
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE bc_t10001 SET body = ? WHERE id = ?")) {
      ps.setString(1, "{not json");
      ps.setString(2, ids.get(8));
      ps.executeUpdate();
    }
    ConvexOrm orm = new ConvexOrm(engine);
    // Newest first: n = 9, 8 (the broken one), 7, 6, 5 are skipped.
    assertThat(orm.query("items").offset(5).limit(3).findMany())
        .extracting(d -> d.getJava("n")).containsExactly(4L, 3L, 2L);
    assertThatThrownBy(() -> orm.query("items").limit(3).findMany().forEach(Document::fields))
        .hasMessageContaining(ids.get(8)).hasMessageContaining("not valid");
  }

  /** ASCII bodies: a skipped row counts what reading it counts, on both databases. */
  @DatabaseTest
  void aSkippedAsciiRowCountsWhatReadingItCountsAgainstTheBytesReadLimit(TestDatabase db)
      throws SQLException {
    BodySizes sizes = notes(db, "plain ascii text");
    assertThat(sizes.octets()).isEqualTo(sizes.chars());
    assertSkipCounts(db, sizes.chars(), sizes.chars());
  }

  /**
   * Other characters: on H2 a skipped row counts its characters, as reading it does; on
   * PostgreSQL its stored size in bytes ({@code OCTET_LENGTH}), which is more: a skip never counts
   * less than reading the rows would.
   */
  @DatabaseTest
  void aSkippedRowCountsAtLeastWhatReadingItCountsAgainstTheBytesReadLimit(TestDatabase db)
      throws SQLException {
    BodySizes sizes = notes(db, "d\u00e9j\u00e0 vu, na\u00efve caf\u00e9 \u4e2d\u6587");
    assertThat(sizes.octets()).isGreaterThan(sizes.chars());
    long skipped = db.kind() == TestDatabase.Kind.H2 ? sizes.chars() : sizes.octets();
    assertSkipCounts(db, sizes.chars(), skipped);
  }

  /** By id too (the primary key, not a key column), in both orders: the rows of the walk. */
  @DatabaseTest
  void anOffsetByIdSkipsTheFirstRowsOfTheWalkInBothOrders(TestDatabase db) throws SQLException {
    var unused = notes(db, "by id");
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), NOTES).build();
    IndexRange all = IndexRange.compile("notes", IndexSchema.BY_ID, List.of());
    for (Order order : Order.values()) {
      List<String> walk = ids(engine, all, order, 0, 30);
      assertThat(walk).hasSize(30);
      assertThat(ids(engine, all, order, 20, 5)).as(order.name())
          .containsExactlyElementsOf(walk.subList(20, 25));
      assertThat(ids(engine, all, order, 28, 5)).as(order.name())
          .containsExactlyElementsOf(walk.subList(28, 30));
      assertThat(ids(engine, all, order, 40, 5)).as(order.name()).isEmpty();
    }
  }

  private static List<String> ids(ConvexEngine engine, IndexRange range, Order order, int skip,
      int count) {
    return engine.query(tx -> {
      List<String> ids = new ArrayList<>();
      Iterator<IndexedDocument> scan = EngineInternals.of(tx).scan(range, order, skip, count);
      while (ids.size() < count && scan.hasNext()) {
        ids.add(scan.next().document().id());
      }
      return ids;
    });
  }

  /** The stored size of every body of the 30 notes: their characters and bytes. */
  private record BodySizes(long chars, long octets) {
  }

  /** Stores 30 notes of the same body size and returns that size. */
  private static BodySizes notes(TestDatabase db, String text) throws SQLException {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), NOTES).build();
    engine.mutation(tx -> {
      for (int n = 10; n < 40; n++) {
        tx.insert("notes", Map.of("text", text, "n", n));
      }
      return null;
    });
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT MIN(CHAR_LENGTH(body)), "
            + "MAX(CHAR_LENGTH(body)), MIN(OCTET_LENGTH(body)), MAX(OCTET_LENGTH(body)) "
            + "FROM bc_t10001");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
      assertThat(rs.getLong(4)).isEqualTo(rs.getLong(3));
      return new BodySizes(rs.getLong(1), rs.getLong(3));
    }
  }

  /**
   * Reading 25 notes counts 25 times {@code chars}; skipping 20 and reading 5 counts 20 times
   * {@code skipped} and 5 times {@code chars}: the read passes with exactly that much left and
   * fails on the bytes-read limit with one byte less.
   */
  private static void assertSkipCounts(TestDatabase db, long chars, long skipped) {
    long read = 25 * chars;
    long offset = 20 * skipped + 5 * chars;
    assertThat(notes(limited(db, read), 0, 25)).hasSize(25);
    assertThatThrownBy(() -> notes(limited(db, read - 1), 0, 25))
        .isInstanceOfSatisfying(TransactionLimitExceededException.class,
            ex -> assertThat(ex.limit()).isEqualTo("maxBytesRead"));
    assertThat(notes(limited(db, offset), 20, 5)).extracting(d -> d.document().getJava("n"))
        .containsExactly(30L, 31L, 32L, 33L, 34L);
    assertThatThrownBy(() -> notes(limited(db, offset - 1), 20, 5))
        .isInstanceOfSatisfying(TransactionLimitExceededException.class,
            ex -> assertThat(ex.limit()).isEqualTo("maxBytesRead"));
    // The same statement with other parameters: not an earlier result (H2 reuses results).
    ConvexEngine engine = limited(db, 16L << 20);
    for (int skip : new int[] {20, 21, 20, 3}) {
      assertThat(notes(engine, skip, 5)).extracting(d -> d.document().getJava("n"))
          .containsExactly(10L + skip, 11L + skip, 12L + skip, 13L + skip, 14L + skip);
    }
  }

  private static ConvexEngine limited(TestDatabase db, long maxBytesRead) {
    return ConvexEngine.builder(db.dataSource(), NOTES)
        .settings(EngineSettings.DEFAULTS.withLimits(new TransactionLimits(32_000, maxBytesRead,
            4_096, 16_000, 16L << 20)))
        .build();
  }

  /** The notes after the first {@code skip}, {@code count} of them, skipped in the database. */
  private static List<IndexedDocument> notes(ConvexEngine engine, int skip, int count) {
    IndexRange all = IndexRange.compile("notes", BY_N, List.of());
    return engine.query(tx -> {
      List<IndexedDocument> rows = new ArrayList<>();
      Iterator<IndexedDocument> scan = EngineInternals.of(tx).scan(all, Order.ASC, skip, count);
      while (rows.size() < count && scan.hasNext()) {
        rows.add(scan.next());
      }
      return rows;
    });
  }
}
