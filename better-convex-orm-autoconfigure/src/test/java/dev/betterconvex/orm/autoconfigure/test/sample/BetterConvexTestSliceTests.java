package dev.betterconvex.orm.autoconfigure.test.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.test.BetterConvexTest;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.Limit;
import org.springframework.test.context.transaction.AfterTransaction;
import org.springframework.test.context.transaction.TestTransaction;

/** The slice on its defaults: the embedded H2 replaces the configured database. */
@BetterConvexTest(properties = "spring.datasource.url=jdbc:postgresql://nowhere.invalid/app")
class BetterConvexTestSliceTests {

  @Autowired
  private ApplicationContext context;

  @Autowired
  private TaskRepository tasks;

  @Autowired
  private ConvexEngine engine;

  @Test
  void bootsTheEngineOrmAndRepositoriesOnAnEmbeddedDatabase() {
    assertThat(context.getBeanNamesForType(ConvexOrm.class)).hasSize(1);
    assertThat(engine.databaseName()).isEqualTo("H2");
    assertThat(engine.schema().table("tasks")).isPresent();
  }

  @Test
  void leavesOutTheApplicationsComponentsAndOtherAutoConfigurations() {
    assertThat(context.getBeanNamesForType(TaskService.class)).isEmpty();
    assertThat(context.getBeanNamesForType(RowLevelSecurity.class)).isEmpty();
  }

  @Test
  void runsEachTestInATransactionThatRepositoryAndEngineCallsJoin() {
    assertThat(TestTransaction.isActive()).isTrue();
    tasks.save(Task.of("p1", "write the docs"));
    engine.db().insert("tasks", Map.of("project", "p1", "title", "test the slice"));
    assertThat(tasks.findByProject("p1", Limit.of(10))).hasSize(2);
    assertThat(tasks.countByProject("p1")).isEqualTo(2);
  }

  @AfterTransaction
  void rollsBackEveryWrite() {
    assertThat(tasks.countByProject("p1")).isZero();
  }
}
