package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the mutation tests. */
final class MutationFixtures {

  private MutationFixtures() {
  }

  /** Returns every row of every table, read with the low-level API, for before/after checks. */
  static Map<String, List<Document>> contents(ConvexEngine engine) {
    Schema schema = engine.schema();
    Map<String, List<Document>> all = new LinkedHashMap<>();
    for (TableSchema table : schema.tables()) {
      all.put(table.name(), engine.query(db -> db.query(table.name()).collect()));
    }
    return all;
  }

  /** Returns the id of the first row written by an insert with {@code returning()}. */
  static String id(MutationResult<Document> result) {
    return result.rows().get(0).id();
  }
}
