package dev.betterconvex.orm.query;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/**
 * A cursor is bound to the index it reads, fields and identity included: after a restart with
 * the index redefined (same name) or dropped and created again, old cursors are refused; after a
 * restart with the same schema they still work.
 */
class CursorIndexBindingTests {

  /** {@code tasks.by_status} on {@code fields}, or no such index when {@code fields} is empty. */
  private static Schema schema(String... fields) {
    return Schema.builder()
        .table("tasks", t -> {
          t.field("status", FieldType.string()).notNull();
          t.field("priority", FieldType.int64()).notNull();
          if (fields.length > 0) {
            t.index("by_status", fields);
          }
        })
        .build();
  }

  private static ConvexOrm start(TestDatabase db, Schema schema) {
    return new ConvexOrm(ConvexEngine.builder(db.dataSource(), schema).build());
  }

  private static void fill(ConvexOrm orm) {
    orm.engine().mutation(tx -> {
      for (int i = 0; i < 12; i++) {
        tx.insert("tasks", Map.of("status", "open", "priority", (long) (11 - i)));
      }
      return null;
    });
  }

  private static PaginationResult<Document> page(ConvexOrm orm, String cursor) {
    return orm.query("tasks").where(eq("status", "open")).withIndex("by_status")
        .paginate(PaginationOptions.first(3).after(cursor));
  }

  private static PaginationResult<Document> streamPage(ConvexOrm orm, String cursor) {
    return orm.stream("tasks", "by_status", r -> r.eq("status", "open"), Order.ASC)
        .paginate(PaginationOptions.first(3).after(cursor));
  }

  /**
   * Cursors of format version 1 (a query and a stream format of their own, before one cursor
   * format served both) are refused with a message saying so, not read as positions.
   */
  @DatabaseTest
  void aCursorOfTheFormerFormatVersionIsRefusedByName(TestDatabase db) {
    ConvexOrm orm = start(db, schema("status"));
    fill(orm);
    byte[] payload = new byte[1 + 16 + 1 + 4];
    payload[0] = 1;
    payload[17] = 1;
    String old = EngineInternals.cursors(orm.engine()).seal(payload);

    assertThatThrownBy(() -> page(orm, old)).isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("format version 1 was issued before an upgrade")
        .hasMessageContaining("start again from the first page");
    assertThatThrownBy(() -> streamPage(orm, old)).isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("format version 1 was issued before an upgrade");
    assertThat(page(orm, page(orm, null).continueCursor()).page()).hasSize(3);
  }

  @DatabaseTest
  void aCursorTakenBeforeItsIndexFieldsChangedIsRefused(TestDatabase db) {
    ConvexOrm before = start(db, schema("status"));
    fill(before);
    String cursor = page(before, null).continueCursor();
    String streamCursor = streamPage(before, null).continueCursor();

    ConvexOrm after = start(db, schema("status", "priority"));

    assertThatThrownBy(() -> page(after, cursor)).isInstanceOf(InvalidCursorException.class)
        .hasMessageContaining("another query");
    assertThatThrownBy(() -> streamPage(after, streamCursor))
        .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another stream");
  }

  @DatabaseTest
  void aCursorOfAnIndexDroppedAndCreatedAgainIsRefused(TestDatabase db) {
    ConvexOrm before = start(db, schema("status"));
    fill(before);
    String cursor = page(before, null).continueCursor();
    String streamCursor = streamPage(before, null).continueCursor();

    // An index the schema no longer declares is kept and maintained (its cursors stay valid)
    // unless the start drops it explicitly.
    new ConvexOrm(ConvexEngine.builder(db.dataSource(), schema()).settings(EngineSettings.DEFAULTS
        .withBootstrap(EngineSettings.BootstrapMode.CREATE_OR_UPGRADE_AND_DROP_UNDECLARED))
        .build());
    ConvexOrm again = start(db, schema("status"));

    assertThatThrownBy(() -> page(again, cursor)).isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> streamPage(again, streamCursor))
        .isInstanceOf(InvalidCursorException.class);
  }

  @DatabaseTest
  void aCursorStillWorksAfterARestartWithTheSameSchema(TestDatabase db) {
    ConvexOrm before = start(db, schema("status", "priority"));
    fill(before);
    PaginationResult<Document> first = page(before, null);
    List<Document> expected = page(before, first.continueCursor()).page();
    PaginationResult<Document> firstOfStream = streamPage(before, null);
    List<Document> expectedOfStream = streamPage(before, firstOfStream.continueCursor()).page();

    ConvexOrm restarted = start(db, schema("status", "priority"));

    assertThat(page(restarted, first.continueCursor()).page()).hasSize(3)
        .isEqualTo(expected).doesNotContainAnyElementsOf(first.page());
    assertThat(streamPage(restarted, firstOfStream.continueCursor()).page()).hasSize(3)
        .isEqualTo(expectedOfStream).doesNotContainAnyElementsOf(firstOfStream.page());
  }
}
