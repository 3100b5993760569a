package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Runs the example of docs/mapping.md, as written there. */
class MappingExamplesTests {

  enum Status { OPEN, DONE }

  record Address(@NotNull String city, @Field(name = "zip") String postalCode) {}

  @Table(name = "tasks")
  record Task(
      @Id String id,
      @CreationTime double createdAt,
      @NotNull String title,
      int priority,
      Status status,
      List<String> tags,
      Address address) {}

  @DatabaseTest
  void mappingExample(TestDatabase db) {
    DataSource dataSource = db.dataSource();
    Schema schema = Schema.fromEntities(Task.class);
    ConvexEngine engine = ConvexEngine.builder(dataSource, schema).build();
    EntityConverter converter = new EntityConverter(new ConvexMappingContext(schema));

    Task task = new Task(null, 0, "Write the docs", 2, Status.OPEN, List.of("docs"),
        new Address("Lyon", null));
    ConvexObject fields = converter.write(task);
    assertThat(fields.fields()).containsOnlyKeys("address", "priority", "status", "tags", "title")
        .containsEntry("priority", new ConvexInt64(2))
        .containsEntry("address", ConvexObject.of(Map.of("city", new ConvexString("Lyon"))));
    String id = engine.mutation(db1 -> db1.insert("tasks", fields.fields()));

    Document document = engine.query(db1 -> db1.get(id)).orElseThrow();
    Task stored = converter.read(Task.class, document);
    assertThat(stored.id()).isEqualTo(id);
    assertThat(stored.createdAt()).isEqualTo(document.creationTime());
    assertThat(stored).isEqualTo(new Task(id, document.creationTime(), "Write the docs", 2,
        Status.OPEN, List.of("docs"), new Address("Lyon", null)));

    Map<String, Object> row = converter.read(document, List.of("title", "status", "address.city"));
    assertThat(row).containsExactly(entry("title", "Write the docs"), entry("status", Status.OPEN),
        entry("address.city", "Lyon"));
  }
}
