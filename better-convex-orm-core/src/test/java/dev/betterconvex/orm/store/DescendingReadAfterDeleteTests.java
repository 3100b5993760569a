package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mutation that deletes rows and then walks the same index range descending. On H2 this fails
 * with "Row not found in primary index" (90143) at REPEATABLE READ and SERIALIZABLE; H2
 * mutations run at READ COMMITTED (one at a time, so still serializable) and do not hit it.
 */
class DescendingReadAfterDeleteTests {

  @DatabaseTest
  void aMutationReadsDescendingWhatItJustDeletedAround(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), GroupedItems.SCHEMA).build();
    List<String> ids = engine.mutation(tx -> {
      List<String> made = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        made.add(tx.insert("items", Map.of("g", 1, "n", i)));
      }
      return made;
    });
    List<List<Object>> seen = engine.mutation(tx -> {
      tx.delete(ids.get(4));
      tx.delete(ids.get(9));
      List<Object> byIndex = tx.query("items").withIndex("by_g_n", r -> r.eq("g", 1))
          .order(Order.DESC).take(100).stream().map(d -> d.getJava("n")).toList();
      List<Object> byCreation = tx.query("items").order(Order.DESC).take(100).stream()
          .map(d -> d.getJava("n")).toList();
      List<Object> byId = tx.query("items").withIndex("by_id").order(Order.DESC).take(100)
          .stream().map(Document::id).map(Object.class::cast).toList();
      return List.of(byIndex, byCreation, byId);
    });
    assertThat(seen.get(0)).containsExactly(8L, 7L, 6L, 5L, 3L, 2L, 1L, 0L);
    assertThat(seen.get(1)).containsExactly(8L, 7L, 6L, 5L, 3L, 2L, 1L, 0L);
    List<String> expectedIds = new ArrayList<>(ids);
    expectedIds.remove(9);
    expectedIds.remove(4);
    expectedIds.sort(java.util.Comparator.reverseOrder());
    assertThat(seen.get(2)).containsExactlyElementsOf(expectedIds);
  }
}
