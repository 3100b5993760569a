package dev.betterconvex.orm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.store.Document;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every benchmark once on H2 and checks that the engine and plain JDBC read the same rows,
 * so the ratios compare equal work. Measures nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineVsJdbcBenchmarksTests {

  private final ItemsState state = new ItemsState();
  private final EngineVsJdbcBenchmarks benchmarks = new EngineVsJdbcBenchmarks();

  @BeforeAll
  void setUp() throws SQLException {
    state.database = "H2";
    state.rows = 3_000;
    state.setUp();
  }

  @AfterAll
  void tearDown() {
    state.tearDown();
  }

  @Test
  void everyBenchmarkRunsOnce() throws SQLException {
    assertThat(benchmarks.engineInsert(state)).hasSize(32);
    assertThat(benchmarks.jdbcInsert(state)).isNotBlank();
    assertThat(benchmarks.engineGetById(state)).isPresent();
    assertThat(benchmarks.jdbcGetById(state)).isPresent();
    assertThat(benchmarks.engineIndexRange(state)).hasSizeBetween(1, ItemsState.RANGE_LIMIT);
    assertThat(benchmarks.jdbcIndexRange(state)).hasSizeBetween(1, ItemsState.RANGE_LIMIT);
  }

  @Test
  void getByIdReadsTheSameRowBothWays() throws SQLException {
    for (int i : new int[] {0, 1, 1_234, state.rows - 1}) {
      String id = state.id(i);
      Item expected = new Item(id, ItemsState.name(i), ItemsState.group(i), state.score(i));
      assertThat(state.engineGet(id).map(EngineVsJdbcBenchmarksTests::item)).contains(expected);
      assertThat(state.jdbcGet(id)).contains(expected);
    }
  }

  @Test
  void indexRangeReadsTheSameRowsInTheSameOrderBothWays() throws SQLException {
    double[][] ranges = {{0, ItemsState.MAX_SCORE}, {123.4, 623.4}, {499.9, 999.9}, {10, 10.05}};
    for (long group : new long[] {0, 7, ItemsState.GROUPS - 1}) {
      for (double[] range : ranges) {
        List<Item> engine = state.engineRange(group, range[0], range[1]).stream()
            .map(EngineVsJdbcBenchmarksTests::item).toList();
        List<Item> jdbc = state.jdbcRange(group, range[0], range[1]);
        assertThat(engine).as("group %d, scores [%s, %s)", group, range[0], range[1])
            .isEqualTo(jdbc)
            .allSatisfy(item -> {
              assertThat(item.group()).isEqualTo(group);
              assertThat(item.score()).isGreaterThanOrEqualTo(range[0]).isLessThan(range[1]);
            })
            .isSortedAccordingTo((a, b) -> Double.compare(a.score(), b.score()));
      }
      // 30 rows per group: the whole range is cut at the limit.
      assertThat(state.jdbcRange(group, 0, ItemsState.MAX_SCORE)).hasSize(ItemsState.RANGE_LIMIT);
    }
  }

  @Test
  void insertsAreReadBackBothWays() throws SQLException {
    String engineId = state.engineInsert("fresh", 3, 42.5);
    String jdbcId = state.jdbcInsert("fresh", 3, 42.5);
    assertThat(state.engineGet(engineId).map(EngineVsJdbcBenchmarksTests::item))
        .contains(new Item(engineId, "fresh", 3, 42.5));
    assertThat(state.jdbcGet(jdbcId)).contains(new Item(jdbcId, "fresh", 3, 42.5));
  }

  private static Item item(Document doc) {
    return new Item(doc.id(), (String) doc.getJava("name"), (Long) doc.getJava("group"),
        (Double) doc.getJava("score"));
  }
}
