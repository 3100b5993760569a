package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bodies are parsed only when a field is used: an offset skips rows without parsing them. The
 * proof is a row whose stored body is not JSON: skipping it works, reading it fails.
 */
class OffsetSkipTests {

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
}
