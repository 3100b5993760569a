package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.Schema;

/** The schema several storage tests share: table "items" with int64 fields g and n, by_g_n. */
final class GroupedItems {

  static final Schema SCHEMA = Schema.builder()
      .table("items", t -> {
        t.field("g", FieldType.int64());
        t.field("n", FieldType.int64());
        t.index("by_g_n", "g", "n");
      })
      .build();

  static final IndexSchema BY_G_N = SCHEMA.requireTable("items").index("by_g_n").orElseThrow();

  private GroupedItems() {
  }
}
