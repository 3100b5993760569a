package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The foreign keys of a schema by the table they reference, read once per schema. */
final class ForeignKeyGraph {

  /**
   * A foreign key seen from the table it references.
   *
   * @param child the table declaring the key
   * @param key the key
   */
  record Incoming(TableSchema child, ForeignKey key) {
  }

  private final Map<String, List<Incoming>> byParent = new HashMap<>();

  ForeignKeyGraph(Schema schema) {
    for (TableSchema table : schema.tables()) {
      for (ForeignKey key : table.foreignKeys()) {
        byParent.computeIfAbsent(key.targetTable(), t -> new ArrayList<>())
            .add(new Incoming(table, key));
      }
    }
  }

  /** Returns the foreign keys referencing {@code parentTable}, in schema order. */
  List<Incoming> incoming(String parentTable) {
    return byParent.getOrDefault(parentTable, List.of());
  }
}
