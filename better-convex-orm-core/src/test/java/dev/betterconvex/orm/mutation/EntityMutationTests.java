package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Default;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class EntityMutationTests {

  enum Status { OPEN, DONE }

  @Table(name = "tasks")
  @Index(name = "by_code", fields = "code")
  record Task(@Id String id, @CreationTime double createdAt, @NotNull @Unique String code,
      @NotNull String title, @Field(name = "state") @Default("OPEN") Status status,
      Long estimate) {
  }

  private static ConvexMutations mutations(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Task.class))
        .build();
    return new ConvexMutations(new ConvexOrm(engine));
  }

  @DatabaseTest
  void entitiesGoInAndComeBackOut(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    List<Task> inserted = mutations.insert(Task.class)
        .values(new Task(null, 0, "T-1", "Write docs", null, 3L),
            new Task(null, 0, "T-2", "Ship", Status.DONE, null))
        .returning().execute().rows();
    assertThat(inserted).extracting(Task::status).containsExactly(Status.OPEN, Status.DONE);
    assertThat(inserted.get(0).id()).hasSize(32);
    assertThat(inserted.get(0).createdAt()).isPositive();

    List<Task> updated = mutations.update(Task.class)
        .set(Map.of("status", Status.DONE, "estimate", 5))
        .where(eq("code", "T-1"))
        .returning().execute().rows();
    assertThat(updated).singleElement().satisfies(task -> {
      assertThat(task.status()).isEqualTo(Status.DONE);
      assertThat(task.estimate()).isEqualTo(5L);
      assertThat(task.id()).isEqualTo(inserted.get(0).id());
    });

    MutationResult<Map<String, Object>> deleted = mutations.delete(Task.class)
        .where(eq("id", inserted.get(1).id()))
        .returning("id", "status")
        .execute();
    assertThat(deleted.rows()).containsExactly(Map.of("id", inserted.get(1).id(),
        "status", Status.DONE));
  }

  @DatabaseTest
  void anEntityOfAnotherTableIsRefused(TestDatabase db) {
    assertThatThrownBy(() -> mutations(db).insert("tasks").values("not a task").execute())
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("Cannot insert a java.lang.String into table \"tasks\"");
  }

  @DatabaseTest
  void insideASpringTransactionStatementsJoinItAndRollBackWithIt(TestDatabase db) {
    ConvexMutations mutations = mutations(db);
    TransactionTemplate transaction = new TransactionTemplate(
        new JdbcTransactionManager(db.dataSource()));
    assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
      mutations.insert(Task.class).values(new Task(null, 0, "T-1", "a", null, null)).execute();
      assertThat(mutations.update("tasks").set(Map.of("title", "b")).where(eq("code", "T-1"))
          .execute().affected()).isEqualTo(1);
      mutations.insert(Task.class).values(new Task(null, 0, "T-1", "dup", null, null))
          .execute();
    })).isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(mutations.orm().query(Task.class).allowFullScan().findMany()).isEmpty();
  }
}
