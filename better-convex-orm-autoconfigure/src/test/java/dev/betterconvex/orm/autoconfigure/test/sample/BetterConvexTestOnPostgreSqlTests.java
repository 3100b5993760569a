package dev.betterconvex.orm.autoconfigure.test.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.test.BetterConvexTest;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.transaction.AfterTransaction;

/** The slice on the application's own database: PostgreSQL, not replaced. */
@BetterConvexTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@EnabledIf("onPostgreSql")
class BetterConvexTestOnPostgreSqlTests {

  @Autowired
  private ConvexEngine engine;

  @Autowired
  private TaskRepository tasks;

  static boolean onPostgreSql() {
    return TestDatabases.selectedKinds().contains(TestDatabase.Kind.POSTGRESQL);
  }

  @DynamicPropertySource
  static void postgreSql(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url",
        () -> TestDatabases.create(TestDatabase.Kind.POSTGRESQL).jdbcUrl());
  }

  @Test
  void runsOnTheApplicationsDatabaseWhenToldNotToReplaceIt() {
    assertThat(engine.databaseName()).isEqualTo("PostgreSQL");
    tasks.save(Task.of("p3", "on PostgreSQL"));
    assertThat(tasks.countByProject("p3")).isEqualTo(1);
  }

  @AfterTransaction
  void rollsBackEveryWrite() {
    assertThat(tasks.countByProject("p3")).isZero();
  }
}
