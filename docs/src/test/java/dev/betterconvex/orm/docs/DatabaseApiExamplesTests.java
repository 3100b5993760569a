package dev.betterconvex.orm.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineSettings;
import dev.betterconvex.orm.store.InvalidIndexRangeException;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.TransactionLimits;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Runs the examples of docs/database.md, as written there. */
class DatabaseApiExamplesTests {

  @DatabaseTest
  void databaseApiExamples(TestDatabase db) {
    DataSource dataSource = db.dataSource();
    // "Build the engine"
    Schema schema = Schema.builder()
        .table("messages", t -> {
          t.field("channel", FieldType.string()).notNull();
          t.field("author", FieldType.string());
          t.field("body", FieldType.string());
          t.index("by_channel", "channel");
        })
        .build();
    ConvexEngine engine = ConvexEngine.builder(dataSource, schema).build();

    // "Mutations and queries"
    String id = engine.mutation(db1 -> db1.insert("messages",
        Map.of("channel", "general", "author", "ada", "body", "hello")));
    Optional<Document> message = engine.query(db1 -> db1.get(id));
    assertThat(message.get().id()).isEqualTo(id).hasSize(32);
    assertThat(message.get().creationTime()).isPositive();
    assertThat(message.get().getJava("body")).isEqualTo("hello");

    // "Writing"
    engine.mutation(db1 -> {
      db1.patch(id, Map.of("body", "hello, world", "author", DatabaseWriter.UNSET));
      return null;
    });

    // "Reading"
    double since = message.get().creationTime() - 1;
    List<Document> latest = engine.query(db1 -> db1.query("messages")
        .withIndex("by_channel", q -> q.eq("channel", "general"))
        .order(Order.DESC)
        .take(10));
    assertThat(latest).hasSize(1);
    assertThat(latest.get(0).getJava("body")).isEqualTo("hello, world");
    assertThat(latest.get(0).get("author")).isNull();
    List<Document> recent = engine.query(db1 -> db1.query("messages")
        .withIndex("by_channel", q -> q.eq("channel", "general").gt("_creationTime", since))
        .collect());
    assertThat(recent).hasSize(1);
    assertThatThrownBy(() -> engine.query(db1 -> db1.query("messages")
        .withIndex("by_channel", q -> q.gt("_creationTime", since)).collect()))
        .isInstanceOf(InvalidIndexRangeException.class)
        .hasMessage("Tried to query index messages.by_channel but the query didn't use the index "
            + "fields in order.\nIndex fields: [\"channel\", \"_creationTime\", \"_id\"]\n"
            + "Query fields: [\"_creationTime\"]\nFirst incorrect field: \"_creationTime\"");

    // "Limits"
    ConvexEngine tuned = ConvexEngine.builder(dataSource, schema)
        .settings(EngineSettings.DEFAULTS
            .withRetryBudget(Duration.ofSeconds(30))
            .withLimits(new TransactionLimits(50_000, 32L << 20, 4_096, 16_000, 16L << 20)))
        .build();
    assertThat(tuned.settings().retryBudget()).isEqualTo(Duration.ofSeconds(30));
  }
}
