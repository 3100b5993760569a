package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexInt64;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads at the floor, as the database itself counts them (H2's {@code EXPLAIN ANALYZE} scan
 * counts, PostgreSQL's {@code EXPLAIN ANALYZE} row counts): a first-20 range read of a 10,000
 * row index reads about 20 rows in both orders, and the batched relation read walks each range
 * instead of scanning the index, after the database has analysed the table. On PostgreSQL the
 * engine runs its statements with generic plans (planned once per connection, see
 * {@code SqlDialect.Postgres.isolationStatement}), so both the plan for the actual values and
 * the generic plan are checked. An insert of rows that require their parents probes each parent
 * by its primary key.
 */
class ReadPlanTests {

  /** An index access of an H2 plan and the rows it scanned. */
  private static final Pattern H2_SCAN_COUNT =
      Pattern.compile("/\\* PUBLIC\\.\\w+[^/]*\\*/\\s*/\\* scanCount: (\\d+) \\*/");
  /** An H2 join's index lookup by a column of another part of the statement. */
  private static final Pattern H2_JOIN_SCAN_COUNT = Pattern.compile(
      "/\\* PUBLIC\\.\\w+: \\w+ = \\w+\\.\\w+ \\*/\\s*ON [^/]*/\\* scanCount: (\\d+) \\*/");
  private static final Pattern PG_ROWS = Pattern.compile("rows=(\\d+) loops=(\\d+)\\)");

  private static ConvexEngine seeded(TestDatabase db, StatementRecorder recorder)
      throws SQLException {
    ConvexEngine engine = ConvexEngine.builder(recorder.dataSource(), GroupedItems.SCHEMA).build();
    for (int part = 0; part < 5; part++) {
      int from = part * 200;
      engine.mutation(tx -> {
        for (int g = from; g < from + 200; g++) {
          for (int n = 0; n < 10; n++) {
            tx.insert("items", Map.of("g", g, "n", n));
          }
        }
        return null;
      });
    }
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(db.kind() == TestDatabase.Kind.H2 ? "ANALYZE" : "ANALYZE bc_t10001");
    }
    return engine;
  }

  @DatabaseTest
  void aFirst20RangeReadReadsAbout20RowsInBothOrders(TestDatabase db) throws SQLException {
    StatementRecorder recorder = new StatementRecorder(db.dataSource());
    ConvexEngine engine = seeded(db, recorder);
    List<Consumer<DatabaseReader>> reads = new ArrayList<>();
    for (Order order : Order.values()) {
      reads.add(tx -> assertThat(tx.query("items").withIndex("by_g_n").order(order).take(20))
          .hasSize(20));
      reads.add(tx -> assertThat(tx.query("items").withIndex("by_g_n", r -> r.gte("g", 100))
          .order(order).take(20)).hasSize(20));
      reads.add(tx -> assertThat(tx.query("items").order(order).take(20)).hasSize(20));
      reads.add(tx -> assertThat(tx.query("items").withIndex("by_id").order(order).take(20))
          .hasSize(20));
    }
    for (Consumer<DatabaseReader> read : reads) {
      recorder.clear();
      engine.query(tx -> {
        read.accept(tx);
        return null;
      });
      for (Plan plan : plans(db, single(recorder))) {
        assertThat(plan.rowsRead()).as(plan.text()).isBetween(20L, 25L);
      }
    }
  }

  /**
   * A read by id is one lookup of the table's own key: on H2 its row key ({@code rk}, the table's
   * B-tree itself), on PostgreSQL its primary key.
   */
  @DatabaseTest
  void aReadByIdIsOneLookupOfTheTablesOwnKey(TestDatabase db) throws SQLException {
    StatementRecorder recorder = new StatementRecorder(db.dataSource());
    ConvexEngine engine = seeded(db, recorder);
    List<String> ids = engine.<List<Document>>query(tx -> tx.query("items").take(1000)).stream()
        .map(Document::id).toList();
    boolean h2 = db.kind() == TestDatabase.Kind.H2;
    recorder.clear();
    assertThat(engine.<java.util.Optional<Document>>query(tx -> tx.get(ids.get(500))))
        .isPresent();
    for (Plan plan : plans(db, single(recorder))) {
      // H2 counts the row found and the look past it.
      assertThat(plan.rowsRead()).as(plan.text()).isBetween(1L, 2L);
      assertThat(plan.text()).contains(h2 ? "PRIMARY_KEY" : "bc_t10001_pkey");
      if (h2) {
        assertThat(plan.text()).contains("RK =");
      }
    }
  }

  @DatabaseTest
  void theBatchedRelationReadWalksEachRangeAndNeverScansTheIndex(TestDatabase db)
      throws SQLException {
    StatementRecorder recorder = new StatementRecorder(db.dataSource());
    ConvexEngine engine = seeded(db, recorder);
    List<IndexRange> ranges = new ArrayList<>();
    for (int g = 0; g < 1000; g += 5) {
      ranges.add(IndexRange.compile("items", GroupedItems.BY_G_N, List.of(
          new IndexRange.Expression(IndexRange.Operator.EQ, "g", new ConvexInt64(g)))));
    }
    for (Order order : Order.values()) {
      for (int limit : new int[] {3, Integer.MAX_VALUE}) {
        recorder.clear();
        List<RangeDocument> rows = engine.query(tx -> EngineInternals.of(tx)
                .scanRanges(ranges, order, limit));
        int perRange = Math.min(limit, 10);
        assertThat(rows).hasSize(200 * perRange);
        for (Plan plan : plans(db, single(recorder))) {
          assertThat(plan.rowsRead()).as(plan.text())
              .isLessThanOrEqualTo(200L * (perRange + 1));
        }
      }
    }
  }

  /**
   * Page 500 by offset over the 10,000 rows, after the database has vacuumed the table (as
   * autovacuum does; PostgreSQL's index-only scans need the visibility map it sets): the table
   * is walked once for the 9,980 skipped rows (their count and body sizes); on PostgreSQL the
   * keys of the page come from an index-only scan with no heap fetch and the 20 rows of the page
   * from one lookup each, on H2 from a second walk of the index (10,000 rows; the keys-then-rows
   * shape cost H2 more than it saved); nothing walked is hashed, buffered or sorted.
   */
  @DatabaseTest
  void anOffsetReadWalksTheSkippedRowsOnceAndTakesThePageKeysFromTheIndex(TestDatabase db)
      throws SQLException {
    StatementRecorder recorder = new StatementRecorder(db.dataSource());
    ConvexEngine engine = seeded(db, recorder);
    if (db.kind() == TestDatabase.Kind.POSTGRESQL) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        // Commits are asynchronous on the test server: VACUUM marks a page all-visible only
        // once the commits of its rows are flushed, which the checkpoint does.
        s.execute("CHECKPOINT");
        s.execute("VACUUM bc_t10001");
      }
    }
    IndexRange all = IndexRange.compile("items", GroupedItems.BY_G_N, List.of());
    for (Order order : Order.values()) {
      recorder.clear();
      List<IndexedDocument> page = engine.query(tx -> {
        List<IndexedDocument> rows = new ArrayList<>();
        java.util.Iterator<IndexedDocument> scan = EngineInternals.of(tx).scan(all, order,
            9_980, 20);
        for (int i = 0; i < 20 && scan.hasNext(); i++) {
          rows.add(scan.next());
        }
        return rows;
      });
      assertThat(page).hasSize(20);
      for (Plan plan : plans(db, single(recorder))) {
        assertThat(plan.text()).as(plan.text()).doesNotContain("OVER (")
            .doesNotContain("WindowAgg").doesNotContain("Sort Method: external")
            .doesNotContain("Hash");
        List<Long> walks = plan.accesses().stream().filter(a -> a.kind().equals("walk"))
            .map(Access::rows).toList();
        List<Long> keyWalks = plan.accesses().stream().filter(a -> a.kind().equals("keys"))
            .map(Access::rows).toList();
        List<Long> lookups = plan.accesses().stream().filter(a -> a.kind().equals("lookup"))
            .map(Access::rows).toList();
        if (db.kind() == TestDatabase.Kind.H2) {
          assertThat(walks).as(plan.text()).containsExactlyInAnyOrder(9_980L, 10_000L);
          assertThat(keyWalks).as(plan.text()).isEmpty();
          assertThat(lookups).as(plan.text()).isEmpty();
        }
        else {
          assertThat(walks).as(plan.text()).containsExactly(9_980L);
          assertThat(keyWalks).as(plan.text()).containsExactly(10_000L);
          assertThat(plan.text()).as(plan.text()).contains("Heap Fetches: 0")
              .doesNotContainPattern("Heap Fetches: [1-9]");
          assertThat(lookups).as(plan.text()).containsExactly(20L);
        }
      }
    }
  }

  /** Parents, and children that require one each (by id, as a foreign key by id does). */
  private static final Schema PARENTS = Schema.builder()
      .table("parents", t -> t.field("n", FieldType.int64()))
      .table("children", t -> t.field("parent", FieldType.id("parents")))
      .build();

  /**
   * An insert of 100 rows that require their parents, among 2,000 parents (the statement of an
   * ORM insert of rows with a foreign key by id): each parent is probed by its primary key, no
   * parent table is read whole. On PostgreSQL the rows and the check are one statement (an
   * {@code EXISTS} under {@code OR} made it hash a scan of every parent: it grew with the
   * parent table and, at serializable, locked all of it); on H2 the required ids are read
   * first, by primary key.
   */
  @DatabaseTest
  void anInsertRequiringParentsProbesEachParentByItsPrimaryKey(TestDatabase db)
      throws SQLException {
    StatementRecorder recorder = new StatementRecorder(db.dataSource());
    ConvexEngine engine = ConvexEngine.builder(recorder.dataSource(), PARENTS).build();
    List<String> parents = engine.mutation(tx -> {
      List<String> ids = new ArrayList<>();
      for (int n = 0; n < 2_000; n++) {
        ids.add(tx.insert("parents", Map.of("n", n)));
      }
      return ids;
    });
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
    recorder.clear();
    engine.mutation(tx -> {
      for (int i = 0; i < 100; i++) {
        String parent = parents.get(i * 17 % parents.size());
        EngineInternals.of(tx).insertIfParentsExist("children", Map.of("parent", parent),
            List.of("parents"), List.of(parent));
      }
      return null;
    });
    boolean h2 = db.kind() == TestDatabase.Kind.H2;
    List<StatementRecorder.Recorded> checks = recorder.recorded().stream()
        .filter(r -> r.sql().startsWith(h2 ? "SELECT" : "INSERT")).toList();
    assertThat(checks).as(recorder.recorded().toString()).hasSize(1);
    StatementRecorder.Recorded check = checks.get(0);
    if (h2) {
      for (Plan plan : plans(db, check)) {
        assertThat(plan.rowsRead()).as(plan.text()).isBetween(100L, 101L);
      }
      return;
    }
    try (Connection c = db.dataSource().getConnection()) {
      List<String> texts = new ArrayList<>();
      try (PreparedStatement ps = check.prepare(c, "EXPLAIN ")) {
        texts.add(text(ps));
      }
      texts.add(genericPlanText(c, check, "EXPLAIN"));
      for (String plan : texts) {
        assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("hashed")
            .containsPattern("Index (Only )?Scan using");
      }
    }
  }

  private static StatementRecorder.Recorded single(StatementRecorder recorder) {
    List<StatementRecorder.Recorded> reads = recorder.recorded().stream()
        .filter(r -> r.sql().startsWith("SELECT") && r.sql().contains("bc_t")).toList();
    assertThat(reads).hasSize(1);
    return reads.get(0);
  }

  /**
   * A table access of a plan and the rows it read: {@code walk}, a range walk of an index that
   * reads the table's rows; {@code keys}, PostgreSQL's index-only scan; {@code lookup}, probes of
   * an index by a value of another part of the statement (H2: a join condition; PostgreSQL: an
   * index scan run once per outer row).
   */
  private record Access(String kind, long rows) {
  }

  /** The plan of a statement as run, and its table accesses. */
  private record Plan(String text, List<Access> accesses) {

    /** The rows every index access that reads the table read. */
    long rowsRead() {
      return accesses.stream().filter(a -> !a.kind().equals("keys")).mapToLong(Access::rows)
          .sum();
    }
  }

  /** The plan for the statement's values, and on PostgreSQL also its generic plan. */
  private static List<Plan> plans(TestDatabase db, StatementRecorder.Recorded statement)
      throws SQLException {
    boolean h2 = db.kind() == TestDatabase.Kind.H2;
    List<Plan> plans = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement ps = statement.prepare(c, "EXPLAIN ANALYZE ")) {
        plans.add(plan(h2, ps));
      }
      if (!h2) {
        plans.add(genericPlan(c, statement));
      }
    }
    return plans;
  }

  /** PostgreSQL's generic plan of the statement, run with its values. */
  private static Plan genericPlan(Connection c, StatementRecorder.Recorded statement)
      throws SQLException {
    String text = genericPlanText(c, statement, "EXPLAIN ANALYZE");
    return plan(false, text);
  }

  /** {@code explain} (EXPLAIN with its options) of PostgreSQL's generic plan of the statement. */
  private static String genericPlanText(Connection c, StatementRecorder.Recorded statement,
      String explain) throws SQLException {
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char ch : statement.sql().toCharArray()) {
      numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
    }
    try (Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE bc_generic AS " + numbered);
      // EXPLAIN EXECUTE takes no bind parameters: the values go in as literals.
      List<String> values = new ArrayList<>();
      for (int p = 1; p <= n; p++) {
        values.add(literal(statement.parameters().get(p)));
      }
      try (PreparedStatement ps = c.prepareStatement(
          explain + " EXECUTE bc_generic(" + String.join(", ", values) + ")")) {
        return text(ps);
      }
      finally {
        s.execute("DEALLOCATE bc_generic");
        s.execute("RESET plan_cache_mode");
      }
    }
  }

  private static String literal(Object value) {
    if (value instanceof byte[] bytes) {
      return "'\\x" + java.util.HexFormat.of().formatHex(bytes) + "'::bytea";
    }
    if (value instanceof Number number) {
      return number.toString();
    }
    return "'" + value.toString().replace("'", "''") + "'";
  }

  private static String text(PreparedStatement explain) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (ResultSet rs = explain.executeQuery()) {
      while (rs.next()) {
        text.append(rs.getString(1)).append('\n');
      }
    }
    return text.toString();
  }

  private static Plan plan(boolean h2, PreparedStatement explain) throws SQLException {
    return plan(h2, text(explain));
  }

  private static Plan plan(boolean h2, String plan) {
    assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("tableScan");
    List<Access> accesses = new ArrayList<>();
    if (h2) {
      Matcher m = H2_SCAN_COUNT.matcher(plan);
      while (m.find()) {
        accesses.add(new Access("walk", Long.parseLong(m.group(1))));
      }
      Matcher join = H2_JOIN_SCAN_COUNT.matcher(plan);
      while (join.find()) {
        accesses.add(new Access("lookup", Long.parseLong(join.group(1))));
      }
    }
    else {
      for (String line : plan.split("\n")) {
        Matcher m = PG_ROWS.matcher(line);
        if (!m.find()) {
          continue;
        }
        long rows = Long.parseLong(m.group(1)) * Long.parseLong(m.group(2));
        long loops = Long.parseLong(m.group(2));
        if (line.contains("Index Only Scan")) {
          accesses.add(new Access("keys", rows));
        }
        else if (line.contains("Index Scan")) {
          accesses.add(new Access(loops > 1 ? "lookup" : "walk", rows));
        }
      }
    }
    return new Plan(plan, accesses);
  }
}
